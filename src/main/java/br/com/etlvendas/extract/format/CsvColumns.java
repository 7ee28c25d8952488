package br.com.etlvendas.extract.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A CSV file's column names, and its records seen as JSON objects of column name to text without building a map
 * per record: the object looks a column up in the file's one name-to-position index and wraps the value when
 * asked. A mapping reads a dozen or so of a record's columns once each, so this saves filling a map of every
 * column for every row, which cost more than splitting the row. The objects are read-only.
 */
final class CsvColumns {

    private final List<String> names;
    private final Map<String, Integer> positions;

    CsvColumns(List<String> names) {
        this.names = List.copyOf(names);
        this.positions = new HashMap<>(names.size() * 2);
        for (int i = 0; i < names.size(); i++) {
            positions.putIfAbsent(names.get(i), i);
        }
    }

    int size() {
        return names.size();
    }

    /** The record as a JSON object; {@code values} must have one value per column. */
    ObjectNode record(List<String> values) {
        return new ObjectNode(JsonNodeFactory.instance, new RecordMap(values));
    }

    /** Column name to value of one record, in column order. */
    private final class RecordMap extends AbstractMap<String, JsonNode> {

        private final List<String> values;

        RecordMap(List<String> values) {
            this.values = values;
        }

        @Override
        public JsonNode get(Object key) {
            Integer position = positions.get(key);
            return position == null ? null : TextNode.valueOf(values.get(position));
        }

        @Override
        public boolean containsKey(Object key) {
            return positions.containsKey(key);
        }

        @Override
        public int size() {
            return names.size();
        }

        @Override
        public Set<Entry<String, JsonNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, JsonNode>> iterator() {
                    return new Iterator<>() {
                        private int next;

                        @Override
                        public boolean hasNext() {
                            return next < names.size();
                        }

                        @Override
                        public Entry<String, JsonNode> next() {
                            if (!hasNext()) {
                                throw new NoSuchElementException();
                            }
                            int i = next++;
                            return new SimpleImmutableEntry<>(names.get(i), TextNode.valueOf(values.get(i)));
                        }
                    };
                }

                @Override
                public int size() {
                    return names.size();
                }
            };
        }
    }
}
