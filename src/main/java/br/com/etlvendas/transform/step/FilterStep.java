package br.com.etlvendas.transform.step;

import br.com.etlvendas.config.TransformationsConfig.FilterOperator;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the sales that match (or, with {@code action: drop}, removes them); on a line field or attribute it keeps
 * or removes lines, and a sale left with no line is dropped. Values from the config are read once, when the chain
 * is built; a record costs one field read and a comparison. An attribute compared with {@code gt}/{@code ge}/
 * {@code lt}/{@code le} that is not a number fails the record (it goes to the DLQ with the reason) rather than
 * being guessed at.
 */
final class FilterStep implements Transformation {

    private final SaleField field;
    private final FilterOperator operator;
    private final Object[] values;
    private final boolean keepMatching;

    FilterStep(SaleField field, FilterOperator operator, List<Object> values, boolean keepMatching) {
        this.field = field;
        this.operator = operator;
        this.values = values.toArray();
        this.keepMatching = keepMatching;
    }

    @Override
    public Sale apply(Sale sale) {
        if (!field.lineLevel()) {
            return matches(field.read(sale, null)) == keepMatching ? sale : null;
        }
        List<SaleLine> lines = sale.lines();
        List<SaleLine> kept = null;
        for (int i = 0; i < lines.size(); i++) {
            SaleLine line = lines.get(i);
            boolean keep = matches(field.read(sale, line)) == keepMatching;
            if (!keep && kept == null) {
                kept = new ArrayList<>(lines.subList(0, i));
            } else if (keep && kept != null) {
                kept.add(line);
            }
        }
        if (kept == null) {
            return sale;
        }
        return kept.isEmpty() ? null : sale.withLines(kept);
    }

    boolean matches(Object value) {
        return switch (operator) {
            case IS_BLANK -> blank(value);
            case NOT_BLANK -> !blank(value);
            case EQUALS, IN -> equalsAny(value);
            case NOT_EQUALS, NOT_IN -> !equalsAny(value);
            case GREATER_THAN -> value != null && compare(value) > 0;
            case GREATER_OR_EQUAL -> value != null && compare(value) >= 0;
            case LESS_THAN -> value != null && compare(value) < 0;
            case LESS_OR_EQUAL -> value != null && compare(value) <= 0;
        };
    }

    private static boolean blank(Object value) {
        return value == null || value instanceof String s && s.isBlank();
    }

    private boolean equalsAny(Object value) {
        if (value == null) {
            return false;
        }
        for (Object v : values) {
            if (value instanceof BigDecimal d ? d.compareTo((BigDecimal) v) == 0
                    : value instanceof OffsetDateTime t ? t.isEqual((OffsetDateTime) v) : value.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private int compare(Object value) {
        Object bound = values[0];
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().compareTo(((OffsetDateTime) bound).toInstant());
        }
        BigDecimal number = value instanceof BigDecimal d ? d : SaleField.decimal((String) value);
        return number.compareTo((BigDecimal) bound);
    }
}
