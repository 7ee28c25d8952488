package br.com.etlvendas.extract.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Where a mapped value comes from: a column of the row, a path into a nested record, a constant, or the row's number. */
public sealed interface ValueSource {

    /** How the source is named in a rejected row's reasons, e.g. "column Qtd". */
    String describe();

    /** A top-level key of the row's JSON object: a CSV header, a database column, a JSON record's own key. */
    record Column(String name) implements ValueSource {
        @Override
        public String describe() {
            return "column " + name;
        }

        /** The node under this column; null when the row has none. */
        JsonNode find(JsonNode data) {
            return data != null && data.isObject() ? data.get(name) : null;
        }
    }

    /** A dotted path into a nested record; a segment of digits indexes a list, e.g. {@code items.0.sku}. */
    record JsonPath(List<String> segments) implements ValueSource {
        public JsonPath {
            segments = List.copyOf(segments);
        }

        @Override
        public String describe() {
            return "path " + String.join(".", segments);
        }

        /** The node at this path; null when any step of it is absent. */
        JsonNode find(JsonNode data) {
            JsonNode node = data;
            for (String segment : segments) {
                if (node == null) {
                    return null;
                }
                if (node.isObject()) {
                    node = node.get(segment);
                } else if (node.isArray() && segment.matches("\\d{1,9}")) {
                    node = node.get(Integer.parseInt(segment));
                } else {
                    return null;
                }
            }
            return node;
        }
    }

    /** The same published value for every row, already in canonical form (checked when the mapping loads). */
    record Constant(String value) implements ValueSource {
        @Override
        public String describe() {
            return "constant " + value;
        }
    }

    /** The row's 1-based number in its source, so files without a line identifier still get a stable one. */
    record RowNumber() implements ValueSource {
        @Override
        public String describe() {
            return "row number";
        }
    }
}
