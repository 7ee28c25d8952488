package br.com.etlvendas.extract.mapping;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How one published field (or attribute) is filled from a row: where its value comes from, what type it is,
 * and an optional value map with a default. Texts in {@code values} and {@code defaultValue} are written in
 * the mapping file in canonical form and published as they are; an empty text in {@code values} means
 * "no value", as if the cell were blank.
 *
 * @param values       source text to published text, looked up trimmed and ignoring case; empty when the
 *                     source value is published itself (converted by {@code type})
 * @param defaultValue published when the source value is blank, or not listed in a non-empty {@code values}
 */
public record FieldSpec(ValueSource source, ValueType type, Map<String, String> values, Optional<String> defaultValue) {

    public FieldSpec {
        TreeMap<String, String> byKey = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byKey.putAll(values);
        values = Collections.unmodifiableMap(byKey);
    }

    /** A field published exactly as the source has it, converted by its type. */
    public static FieldSpec of(ValueSource source, ValueType type) {
        return new FieldSpec(source, type, Map.of(), Optional.empty());
    }
}
