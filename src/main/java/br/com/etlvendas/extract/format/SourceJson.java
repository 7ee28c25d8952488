package br.com.etlvendas.extract.format;

import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import java.util.Locale;

/**
 * How source rows are parsed into and rendered from JSON trees. Built on {@link SaleJson#mapper()}, but keeps a
 * decimal's text exactly: the shared mapper's tree model strips trailing zeros (10.50 becomes 10.5, 100.00
 * becomes 100), and a source row must reach the DLQ and the validator as the file wrote it.
 */
final class SourceJson {

    /** Reads JSON trees, for a parser that walks on to the next element afterwards. */
    static final ObjectReader TREES = SaleJson.mapper().reader()
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);

    /** Reads exactly one JSON value; text after it (two objects on one JSON Lines line) is an error. */
    static final ObjectReader SINGLE_TREE = TREES.with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SourceJson() {
    }

    static String render(JsonNode node) {
        try {
            return SaleJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            // a tree we built or parsed ourselves always serialises; failing here is a bug, not bad input
            throw new IllegalStateException("cannot render a JSON tree", e);
        }
    }

    /** "an array", "a string", … for messages about elements that should have been objects. */
    static String kindOf(JsonNode node) {
        String kind = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return (kind.startsWith("a") ? "an " : "a ") + kind;
    }

    /** Jackson puts the location on a second line that names no useful source here; the first line is the cause. */
    static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
