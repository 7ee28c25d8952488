package br.com.etlvendas.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document the server serves at {@code /openapi.json}, checked for OpenAPI 3's structure. */
class OpenApiDocumentTest {

    static JsonNode document() throws Exception {
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("/openapi.json in the jar").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    /** Every structural rule below; an empty list when the document keeps them all. */
    static List<String> problems(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (!doc.path("openapi").asText().matches("3\\.[01]\\.\\d+")) {
            problems.add("openapi must be 3.0.x or 3.1.x, is '" + doc.path("openapi").asText() + "'");
        }
        if (doc.path("info").path("title").asText().isEmpty() || doc.path("info").path("version").asText().isEmpty()) {
            problems.add("info.title and info.version are required");
        }
        if (!doc.path("paths").isObject() || doc.path("paths").isEmpty()) {
            problems.add("paths must be a non-empty object");
        }
        Set<String> methods = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace", "parameters", "summary", "description");
        doc.path("paths").fields().forEachRemaining(path -> {
            if (!path.getKey().startsWith("/")) {
                problems.add("path " + path.getKey() + " must start with /");
            }
            path.getValue().fields().forEachRemaining(op -> {
                if (!methods.contains(op.getKey())) {
                    problems.add(path.getKey() + ": unknown field " + op.getKey());
                    return;
                }
                if (!op.getValue().has("responses") || op.getValue().path("responses").isEmpty()) {
                    problems.add(path.getKey() + " " + op.getKey() + ": responses are required");
                }
                op.getValue().path("responses").fields().forEachRemaining(r -> {
                    if (!r.getKey().matches("[1-5]\\d\\d|default") || !r.getValue().has("description")) {
                        problems.add(path.getKey() + " " + r.getKey() + ": a status code with a description is required");
                    }
                });
                for (JsonNode p : op.getValue().path("parameters")) {
                    if (p.path("name").asText().isEmpty() || !Set.of("query", "header", "path", "cookie").contains(p.path("in").asText())
                            || !p.has("schema")) {
                        problems.add(path.getKey() + ": parameter " + p + " needs name, in and schema");
                    }
                }
            });
        });
        references(doc, doc, problems);
        return problems;
    }

    private static void references(JsonNode root, JsonNode node, List<String> problems) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && root.at(ref.asText().substring(1)).isMissingNode()) {
                problems.add("$ref " + ref.asText() + " points nowhere");
            }
            node.elements().forEachRemaining(child -> references(root, child, problems));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> references(root, child, problems));
        }
    }

    @Test
    void shouldBeAStructurallyValidOpenApi3DocumentWhoseReferencesAllResolve() throws Exception {
        assertThat(problems(document())).isEmpty();
    }

    @Test
    void shouldDescribeEveryQueryEndpointAndItsBadParameterAnswer() throws Exception {
        JsonNode paths = document().path("paths");
        for (String p : List.of("/api/warehouse/kpis", "/api/warehouse/sales", "/api/warehouse/top-products",
                "/api/warehouse/stores", "/api/dashboard", "/api/stream", "/api/dlq")) {
            assertThat(paths.has(p)).as(p).isTrue();
            assertThat(paths.path(p).path("get").path("responses").has("400")).as(p + " documents its 400").isTrue();
        }
    }

    @Test
    void shouldFindABrokenReference() {
        // given a document with a dangling $ref, so the check above cannot pass vacuously
        ObjectMapper m = new ObjectMapper();
        JsonNode broken = m.createObjectNode().put("openapi", "3.0.3").set("paths", m.createObjectNode()
                .set("/x", m.createObjectNode().set("get", m.createObjectNode().set("responses", m.createObjectNode()
                        .set("200", m.createObjectNode().put("description", "ok").put("$ref", "#/components/schemas/Nope"))))));

        // then
        assertThat(problems(broken)).anyMatch(p -> p.contains("Nope")).anyMatch(p -> p.contains("info.title"));
    }
}
