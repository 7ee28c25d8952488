package br.com.etlvendas.sale;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a catalogue topic ({@code catalog.products}, {@code catalog.stores}): its fields in the
 * catalogue's column order, the key column first (see {@code EnrichmentConfig.PRODUCT_COLUMNS} and
 * {@code STORE_COLUMNS}); an absent value is {@code null}. On the topic it is UTF-8 text, the fields separated by
 * the ASCII unit separator (0x1F) and an absent one written as the ASCII NUL character: readable with any console
 * consumer, and split without a parser on the stream thread, where every sale line looks one up.
 */
public record CatalogEntry(List<String> fields) {

    private static final char SEPARATOR = '\u001F';
    private static final String ABSENT = "\u0000";

    public CatalogEntry {
        fields = java.util.Collections.unmodifiableList(new ArrayList<>(fields));
    }

    /** Field {@code i}, or null when absent or blank. */
    public String field(int i) {
        if (i >= fields.size()) {
            return null;
        }
        String v = fields.get(i);
        return v == null || v.isBlank() ? null : v;
    }

    String encode() {
        StringBuilder b = new StringBuilder(64);
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                b.append(SEPARATOR);
            }
            String v = fields.get(i);
            b.append(v == null ? ABSENT : v.replace(SEPARATOR, ' '));
        }
        return b.toString();
    }

    static CatalogEntry decode(String text) {
        List<String> fields = new ArrayList<>(5);
        int from = 0;
        while (true) {
            int at = text.indexOf(SEPARATOR, from);
            String v = at < 0 ? text.substring(from) : text.substring(from, at);
            fields.add(ABSENT.equals(v) ? null : v);
            if (at < 0) {
                return new CatalogEntry(fields);
            }
            from = at + 1;
        }
    }

    /** The topic's value serde; a null value (a tombstone: the entry left the catalogue) stays null. */
    public static final class TopicSerde implements Serde<CatalogEntry> {
        @Override
        public Serializer<CatalogEntry> serializer() {
            return (topic, e) -> e == null ? null : e.encode().getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public Deserializer<CatalogEntry> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try {
                    return decode(new String(data, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    throw new SerializationException("Unreadable catalogue entry on " + topic, e);
                }
            };
        }
    }
}
