// The API explorer (Swagger UI from its WebJar) over this server's own OpenAPI document.
window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
