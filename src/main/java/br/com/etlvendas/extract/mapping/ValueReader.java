package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.sale.DecimalBounds;
import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Reads one mapped value out of a row and converts it to its published text: numbers to canonical decimal
 * text, date-times to ISO-8601 with offset. A blank or absent value gives the spec's default or null; a
 * value that cannot be converted adds a reason naming the field, the value and where it was read.
 */
final class ValueReader {

    private final NumberStyle numbers;
    private final DateTimeParser dates;

    ValueReader(NumberStyle numbers, DateTimeParser dates) {
        this.numbers = numbers;
        this.dates = dates;
    }

    /** The published text of {@code name} for this row, or null; problems go to {@code reasons}. */
    String read(String name, FieldSpec spec, SourceRow row, List<String> reasons) {
        ValueSource source = spec.source();
        JsonNode node;
        if (source instanceof ValueSource.Constant constant) {
            return constant.value();
        } else if (source instanceof ValueSource.RowNumber) {
            return Long.toString(row.number());
        } else if (source instanceof ValueSource.Column column) {
            node = column.find(row.data());
        } else {
            node = ((ValueSource.JsonPath) source).find(row.data());
        }
        if (node != null && node.isContainerNode()) {
            reasons.add(name + ": found a " + (node.isArray() ? "list" : "nested record") + ", not a single value ("
                    + source.describe() + ")");
            return null;
        }
        String text = text(node);
        if (text == null) {
            return spec.defaultValue().orElse(null);
        }
        if (!spec.values().isEmpty()) {
            return mapped(name, spec, text, reasons);
        }
        if (node.isNumber() && spec.type() != ValueType.DATE_TIME) {
            // a JSON number is already exact and has no locale: only its type and size need checking
            if (!DecimalBounds.fits(node.decimalValue())) {
                reasons.add(name + ": '" + text + "' is out of range: " + DecimalBounds.describe() + where(spec));
                return null;
            }
            return convert(name, spec, text, Optional.of(node.decimalValue()), reasons);
        }
        boolean numeric = spec.type() == ValueType.NUMBER || spec.type() == ValueType.WHOLE_NUMBER;
        if (numeric) {
            String plain = numbers.plainCanonical(text);
            if (plain != null && (spec.type() == ValueType.NUMBER || plain.indexOf('.') < 0)) {
                return plain;
            }
        }
        return convert(name, spec, text, numeric ? numbers.parse(text) : Optional.empty(), reasons);
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        // a JSON number beyond the bounds stays in its exponent form (refused by read, never written out in full)
        String text = !node.isNumber() ? node.asText().strip()
                : DecimalBounds.fits(node.decimalValue()) ? node.decimalValue().toPlainString() : node.decimalValue().toString();
        return text.isEmpty() ? null : text;
    }

    private static String mapped(String name, FieldSpec spec, String text, List<String> reasons) {
        String to = spec.values().get(text);
        if (to != null) {
            return to.isEmpty() ? null : to;
        }
        if (spec.defaultValue().isPresent()) {
            return spec.defaultValue().get();
        }
        reasons.add(name + ": '" + text + "' is not one of the mapped values " + spec.values().keySet()
                + " and there is no default (" + spec.source().describe() + ")");
        return null;
    }

    private String convert(String name, FieldSpec spec, String text, Optional<BigDecimal> number, List<String> reasons) {
        switch (spec.type()) {
            case NUMBER:
                if (number.isPresent()) {
                    return number.get().toPlainString();
                }
                reasons.add(name + ": '" + text + "' is not a number in the format " + numbers.example() + where(spec));
                return null;
            case WHOLE_NUMBER:
                Optional<BigInteger> whole = number.flatMap(ValueReader::whole);
                if (whole.isPresent()) {
                    return whole.get().toString();
                }
                reasons.add(name + ": '" + text + "' is not a whole number" + where(spec));
                return null;
            case DATE_TIME:
                return dates.iso(text).orElseGet(() -> {
                    reasons.add(name + ": '" + text + "' is not a date in the format " + dates.description() + where(spec));
                    return null;
                });
            default:
                return text;
        }
    }

    /** Where a value was read, for messages; built only when one is needed. */
    private static String where(FieldSpec spec) {
        return " (" + spec.source().describe() + ")";
    }

    private static Optional<BigInteger> whole(BigDecimal n) {
        try {
            return Optional.of(n.toBigIntegerExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
