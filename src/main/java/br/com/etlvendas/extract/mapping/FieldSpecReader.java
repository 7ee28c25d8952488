package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigReader;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads the {@code fields:} and {@code attributes:} sections of a mapping file into {@link FieldSpec}s,
 * reporting every problem: a spec with no source or two, a malformed path, a constant, default or value-map
 * result that is not canonical for its type (or not a known channel, currency, …), an unknown field name.
 */
final class FieldSpecReader {

    private static final String COLUMN = "column";
    private static final String PATH = "path";
    private static final String CONSTANT = "constant";
    private static final String ROW_NUMBER = "row-number";

    private FieldSpecReader() {
    }

    static Map<SaleField, FieldSpec> fields(ConfigReader fields) {
        Map<SaleField, FieldSpec> specs = new LinkedHashMap<>();
        for (SaleField field : SaleField.values()) {
            ConfigReader spec = fields.section(field.key(), field.description());
            if (fields.has(field.key())) {
                read(fields, field.key(), spec, field.type(), field::configValueProblem).ifPresent(s -> specs.put(field, s));
            }
        }
        for (String key : fields.keys()) {
            if (SaleField.byKey(key).isEmpty()) {
                fields.problem(fields.pathOf(key), "is not a field" + suggestion(key) + "; the fields are "
                        + String.join(", ", SaleField.keys()) + " (extra source columns go under attributes)");
                // read it anyway, so that its keys are checked and not reported once more as unknown
                read(fields, key, fields.section(key, "an unknown field"), ValueType.TEXT, v -> Optional.empty());
            }
        }
        return specs;
    }

    static Map<String, FieldSpec> attributes(ConfigReader attributes) {
        Map<String, FieldSpec> specs = new LinkedHashMap<>();
        for (String name : attributes.keys()) {
            ConfigReader spec = attributes.section(name, "an extra source value kept on every line under this name");
            if (!name.matches("[A-Za-z][A-Za-z0-9_-]{0,63}")) {
                attributes.problem(attributes.pathOf(name),
                        "attribute names are 1-64 letters, digits, _ or -, starting with a letter");
            }
            boolean number = spec.bool("number", false,
                    "true to read the value as a number (in the numbers: format) and keep it as canonical decimal text");
            boolean date = spec.bool("date", false,
                    "true to read the value as a date (with dates.patterns in time-zone) and keep it as ISO-8601 with offset");
            if (number && date) {
                spec.problem(spec.pathOf("number"), "an attribute is either a number or a date, not both");
            }
            ValueType type = number ? ValueType.NUMBER : date ? ValueType.DATE_TIME : ValueType.TEXT;
            read(attributes, name, spec, type, v -> Optional.empty()).ifPresent(s -> specs.put(name, s));
        }
        return specs;
    }

    /** The spec under {@code parent.key}; empty (with the problems reported) when it cannot be used. */
    private static Optional<FieldSpec> read(ConfigReader parent, String key, ConfigReader spec, ValueType type,
                                            Function<String, Optional<String>> check) {
        Optional<String> column = spec.optionalString(COLUMN,
                "source column holding the value: a CSV header (1, 2, … without a header) or a top-level JSON key");
        Optional<String> path = spec.optionalString(PATH,
                "dotted path into a nested JSON record, e.g. order.items.0.sku; a segment of digits indexes a list");
        Optional<String> constant = spec.optionalString(CONSTANT,
                "the same value for every row, written as published (numbers as 1234.56, date-times as ISO-8601 with offset)");
        boolean rowNumber = spec.bool(ROW_NUMBER, false,
                "true to use the row's number in its file (the line it starts on), e.g. as line_no");
        Map<String, String> values = values(spec, type, check);
        Optional<String> rawDefault = spec.optionalString("default",
                "published when the source value is blank, or is not listed under values");
        Optional<String> defaultValue = rawDefault.flatMap(d -> canonical(spec, "default", d, type, check));

        List<String> given = new ArrayList<>();
        column.ifPresent(c -> given.add(COLUMN));
        path.ifPresent(p -> given.add(PATH));
        constant.ifPresent(c -> given.add(CONSTANT));
        if (rowNumber) {
            given.add(ROW_NUMBER);
        }
        if (given.size() != 1) {
            parent.problem(parent.pathOf(key), given.isEmpty()
                    ? "needs one of column, path, constant or row-number"
                    : "needs exactly one of column, path, constant or row-number, got " + String.join(" and ", given));
            return Optional.empty();
        }
        if ((constant.isPresent() || rowNumber) && (!values.isEmpty() || rawDefault.isPresent())) {
            spec.problem(spec.pathOf(values.isEmpty() ? "default" : "values"),
                    "only applies to values read from a column or path, not to a " + given.get(0));
        }
        if (rowNumber && type == ValueType.DATE_TIME) {
            spec.problem(spec.pathOf(ROW_NUMBER), "a row number is not a date-time");
            return Optional.empty();
        }
        ValueSource source;
        if (column.isPresent()) {
            source = new ValueSource.Column(column.get());
        } else if (path.isPresent()) {
            List<String> segments = Arrays.asList(path.get().split("\\.", -1));
            if (segments.stream().anyMatch(String::isBlank)) {
                spec.problem(spec.pathOf(PATH), "'" + path.get() + "' has an empty segment; write keys joined by dots, e.g. order.customer.id");
                return Optional.empty();
            }
            source = new ValueSource.JsonPath(segments);
        } else if (constant.isPresent()) {
            Optional<String> value = canonical(spec, CONSTANT, constant.get(), type, check);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            source = new ValueSource.Constant(value.get());
        } else {
            source = new ValueSource.RowNumber();
        }
        return Optional.of(new FieldSpec(source, type, values, defaultValue));
    }

    private static Map<String, String> values(ConfigReader spec, ValueType type, Function<String, Optional<String>> check) {
        ConfigReader values = spec.section("values",
                "replaces source values: source text -> published value, matched trimmed and ignoring case; an empty value means none");
        Map<String, String> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String from : values.keys()) {
            String to = values.optionalString(from, "published value for the source value '" + from + "'")
                    .map(v -> canonical(values, from, v, type, check).orElse(""))
                    .orElse("");
            if (map.containsKey(from.strip())) {
                values.problem(values.pathOf(from), "is listed twice (values are matched ignoring case and spaces)");
            }
            map.put(from.strip(), to);
        }
        return map;
    }

    /** A value written in the mapping file, in the canonical form of its type; reports a problem and gives empty when it is not. */
    private static Optional<String> canonical(ConfigReader reader, String key, String value, ValueType type,
                                              Function<String, Optional<String>> check) {
        Optional<String> problem = check.apply(value);
        String result = value;
        try {
            switch (type) {
                case NUMBER -> result = requireCanonical(value, "-?\\d+(\\.\\d+)?", "a number written as 1234.56");
                case WHOLE_NUMBER -> result = requireCanonical(value, "-?\\d+", "a whole number such as 12");
                case DATE_TIME -> result = OffsetDateTime.parse(value).toString();
                case TEXT -> {
                }
            }
        } catch (IllegalArgumentException e) {
            problem = Optional.of(e.getMessage());
        } catch (DateTimeParseException e) {
            problem = Optional.of("'" + value + "' is not an ISO-8601 date-time with offset such as 2024-03-01T14:30:00-03:00");
        }
        if (problem.isPresent()) {
            reader.problem(reader.pathOf(key), problem.get());
            return Optional.empty();
        }
        return Optional.of(result);
    }

    private static String requireCanonical(String value, String regex, String expected) {
        if (!value.matches(regex)) {
            throw new IllegalArgumentException("'" + value + "' is not " + expected + " (values in the mapping file use '.' for decimals and no grouping)");
        }
        return new BigDecimal(value).toPlainString();
    }

    private static String suggestion(String key) {
        String wanted = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return SaleField.keys().stream().filter(k -> k.replace("_", "").equals(wanted)).findFirst()
                .map(k -> " (did you mean '" + k + "'?)").orElse("");
    }
}
