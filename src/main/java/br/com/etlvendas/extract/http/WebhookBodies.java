package br.com.etlvendas.extract.http;

import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a webhook request body: at most a given number of bytes (whatever {@code Content-Length} claimed,
 * so a chunked or lying sender cannot make the server buffer more), then one JSON object or an array of
 * them, with decimals kept as sent.
 */
final class WebhookBodies {

    private WebhookBodies() {
    }

    /** The whole body, or null when it holds more than {@code limit} bytes. */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (out.size() + read > limit) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /** The items of the body: the object itself, or the array's elements; IllegalArgumentException when not JSON. */
    static List<JsonNode> items(byte[] body) {
        JsonNode root;
        try {
            root = ApiClient.JSON.readTree(body);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "malformed JSON" : e.getMessage().lines().findFirst().orElse("");
            throw new IllegalArgumentException("the body is not valid JSON: " + reason);
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("the body is empty; send one sale as a JSON object or several as an array");
        }
        if (root.isObject()) {
            return List.of(root);
        }
        if (root.isArray()) {
            List<JsonNode> items = new ArrayList<>(root.size());
            root.forEach(items::add);
            return items;
        }
        throw new IllegalArgumentException("the body is a JSON " + root.getNodeType().name().toLowerCase()
                + "; send one sale as a JSON object or several as an array");
    }

    /**
     * The item as JSON text, decimals written plain as sent; a number such as {@code 1e999999999}, which Jackson
     * refuses to write out plain (a billion digits), is written in its exponent form instead, so the item can
     * still be refused by field and kept as the DLQ payload.
     */
    static String render(JsonNode node) {
        try {
            return SaleJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException plainRefused) {
            try {
                return SaleJson.mapper().writer().without(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN).writeValueAsString(node);
            } catch (JsonProcessingException e) {
                e.addSuppressed(plainRefused);
                throw new IllegalStateException("cannot render a JSON tree", e);
            }
        }
    }
}
