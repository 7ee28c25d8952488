package br.com.etlvendas.extract.http;

import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server (the JDK's) playing an e-commerce API for the tests: {@code GET /sales} lists order
 * lines oldest first, by page number ({@code {"data":{"items":[…]}}}) or by cursor
 * ({@code {"items":[…],"meta":{"next":"c-4"}}}, no next cursor after a page that is not full). It requires
 * {@code Authorization: Bearer <token>}, answers the first request 503 and the second 429 with
 * {@code Retry-After: 1}, and records every request's query.
 */
final class ShopApiServer implements AutoCloseable {

    static final String TOKEN = "Bearer s3cr3t-t0ken";

    private final HttpServer server;
    private final boolean cursorMode;
    private final List<ObjectNode> items = new CopyOnWriteArrayList<>();
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private int requests;
    private int unauthorised;

    ShopApiServer(boolean cursorMode) throws IOException {
        this.cursorMode = cursorMode;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sales", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/sales";
    }

    /** Appends order lines {@code from} to {@code to - 1}: line n is line n % 2 + 1 of order EC-(n / 2). */
    void addItems(int from, int to) {
        for (int n = from; n < to; n++) {
            ObjectNode item = SaleJson.mapper().createObjectNode();
            item.putObject("order").put("id", "EC-" + n / 2).put("created_at", "2026-03-01T10:" + (10 + n % 50) + ":00-03:00")
                    .put("state", "RJ");
            item.putObject("item").put("n", n % 2 + 1).put("sku", "SKU-" + n).put("qty", 1)
                    .put("price", new BigDecimal("19.90").add(BigDecimal.valueOf(n)));
            items.add(item);
        }
    }

    List<String> queries() {
        return List.copyOf(queries);
    }

    synchronized int unauthorised() {
        return unauthorised;
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            queries.add(query == null ? "" : query);
            requests++;
            if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorised++;
                send(exchange, 401, "{\"error\":\"unauthorised\"}");
            } else if (requests == 1) {
                send(exchange, 503, "{\"error\":\"warming up\"}");
            } else if (requests == 2) {
                exchange.getResponseHeaders().add("Retry-After", "1");
                send(exchange, 429, "{\"error\":\"slow down\"}");
            } else {
                send(exchange, 200, SaleJson.mapper().writeValueAsString(page(params(exchange.getRequestURI()))));
            }
        }
    }

    private ObjectNode page(Map<String, String> params) {
        int size = Integer.parseInt(params.get("page_size"));
        int from = cursorMode ? Integer.parseInt(params.getOrDefault("cursor", "c-0").substring(2))
                : (Integer.parseInt(params.get("page")) - 1) * size;
        List<ObjectNode> page = new ArrayList<>(items.subList(Math.min(from, items.size()), Math.min(from + size, items.size())));
        ObjectNode body = SaleJson.mapper().createObjectNode();
        ArrayNode array = cursorMode ? body.putArray("items") : body.putObject("data").putArray("items");
        page.forEach(array::add);
        if (cursorMode) {
            ObjectNode meta = body.putObject("meta");
            if (page.size() == size) {
                meta.put("next", "c-" + (from + size));
            } else {
                meta.putNull("next");
            }
        }
        return body;
    }

    private static Map<String, String> params(URI uri) {
        Map<String, String> params = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
