package br.com.etlvendas.sale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values read from Jackson's {@link JsonParser} the way the shared {@link SaleJson} mapper binds them, for the
 * readers that stand in for its data binding on the hot topics ({@link RawSaleReader}, {@link SaleReader}).
 * These readers only repeat the mapper's usual cases; on anything else (a coercion they do not repeat, a token
 * of the wrong kind, a field given twice) they throw {@link NotOnFastPath} and the caller asks the mapper, so
 * the outcome, error text included, is always the mapper's.
 */
final class StreamingValues {

    private StreamingValues() {
    }

    /** A parser over UTF-8 JSON from the mapper's own factory: the same tokenizer, limits and features. */
    /** The body of an object, read from just after its {@code START_OBJECT}. */
    interface ObjectBody<T> {
        T read(JsonParser p) throws IOException;
    }

    /**
     * The object in {@code data}, read by {@code body}; null for a JSON {@code null}, as the mapper gives. Like
     * the mapper (FAIL_ON_TRAILING_TOKENS is off), whatever follows the object is not read.
     */
    static <T> T readObject(byte[] data, ObjectBody<T> body) throws IOException {
        try (JsonParser p = parser(data)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                return null;
            }
            expect(t == JsonToken.START_OBJECT);
            return body.read(p);
        }
    }

    static JsonParser parser(byte[] data) throws IOException {
        return SaleJson.mapper().getFactory().createParser(data);
    }

    /**
     * The current value as a {@code String} property: the text of a string; for a number or a boolean its own
     * text, as the mapper coerces scalars to text ({@code 19.90} stays {@code "19.90"}); null for JSON null.
     */
    static String text(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT
                || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return p.getValueAsString();
        }
        throw NotOnFastPath.INSTANCE;
    }

    /** The current value as a {@code List<String>}: an {@link ArrayList} of {@link #text} values, or null. */
    static List<String> texts(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.START_ARRAY);
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            values.add(text(p));
        }
        return values;
    }

    /**
     * The current value as a {@code Map<String, String>}: a {@link LinkedHashMap} in the order written, a key
     * given twice keeping its first place and its last value, as the mapper's map reader does; or null.
     */
    static Map<String, String> textMap(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.START_OBJECT);
        Map<String, String> values = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
            p.nextToken();
            values.put(key, text(p));
        }
        return values;
    }

    /**
     * Marks field number {@code field} (0 to 31) as read. A field given twice goes to the mapper: what it makes of
     * a repeated creator property is its own business.
     */
    static int once(int seen, int field) {
        int bit = 1 << field;
        expect((seen & bit) == 0);
        return seen | bit;
    }

    static void expect(boolean condition) {
        if (!condition) {
            throw NotOnFastPath.INSTANCE;
        }
    }

    /**
     * The input is not one the fast reader repeats the mapper on; thrown without a stack trace, as it only tells
     * the caller to ask the mapper.
     */
    static final class NotOnFastPath extends RuntimeException {

        private static final long serialVersionUID = 1L;

        /** Immutable (no stack trace, no suppression), so one instance serves every thread. */
        static final NotOnFastPath INSTANCE = new NotOnFastPath();

        private NotOnFastPath() {
            super("not on the fast path; read it with the mapper", null, false, false);
        }
    }
}
