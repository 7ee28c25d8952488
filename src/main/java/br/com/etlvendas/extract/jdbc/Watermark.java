package br.com.etlvendas.extract.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The last watermark value a database source has published, with the kind of its column, so that it is
 * bound back into the next query with the column's own type: an id compares as a number, a timestamp as a
 * timestamp, never as text ({@code '10' < '9'}). Stored on the state topic as {@code KIND:value}, e.g.
 * {@code INTEGER:1234} or {@code TIMESTAMP_TZ:2024-03-01T17:30:00.123456Z}. A watermark of no kind (null)
 * is text from the configuration or typed by hand, bound with the kind of the query's parameter.
 */
record Watermark(Kind kind, String value) {

    /** How a watermark column's values are read, compared and bound. */
    enum Kind {
        INTEGER, DECIMAL, TIMESTAMP_TZ, TIMESTAMP, DATE, TEXT;

        /** The kind of a column or parameter of the given JDBC type (and database type name, which tells timestamptz). */
        static Kind of(int jdbcType, String typeName) {
            String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
            return switch (jdbcType) {
                case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> INTEGER;
                case Types.NUMERIC, Types.DECIMAL, Types.REAL, Types.FLOAT, Types.DOUBLE -> DECIMAL;
                case Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP_TZ;
                // PostgreSQL reports timestamptz as TIMESTAMP; only its type name tells them apart
                case Types.TIMESTAMP -> name.contains("tz") || name.contains("zone") ? TIMESTAMP_TZ : TIMESTAMP;
                case Types.DATE -> DATE;
                default -> TEXT;
            };
        }
    }

    /** Reads the position text written by {@link #position()}; empty when it names no kind (e.g. set by hand). */
    static Optional<Watermark> parse(String position) {
        int colon = position.indexOf(':');
        if (colon > 0) {
            try {
                Kind kind = Kind.valueOf(position.substring(0, colon));
                return Optional.of(new Watermark(kind, position.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                // not one of ours: an untyped value
            }
        }
        return Optional.empty();
    }

    /** The value of a column of the given kind in the current row; null when the column is SQL NULL. */
    static Watermark read(ResultSet rs, int column, Kind kind) throws SQLException {
        String text = switch (kind) {
            case INTEGER, DECIMAL -> {
                BigDecimal n = rs.getBigDecimal(column);
                yield n == null ? null : n.toPlainString();
            }
            case TIMESTAMP_TZ -> {
                OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
                yield t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            }
            case TIMESTAMP -> {
                LocalDateTime t = rs.getObject(column, LocalDateTime.class);
                yield t == null ? null : t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            }
            case DATE -> {
                LocalDate d = rs.getObject(column, LocalDate.class);
                yield d == null ? null : d.toString();
            }
            case TEXT -> rs.getString(column);
        };
        return text == null ? null : new Watermark(kind, text);
    }

    /** A value below every value of its kind, to read from the start with a query that always takes a watermark. */
    static Watermark minimum(Kind kind) {
        return new Watermark(kind, switch (kind) {
            case INTEGER -> Long.toString(Long.MIN_VALUE);
            case DECIMAL -> "-1E+100";
            case TIMESTAMP_TZ -> "0001-01-01T00:00:00Z";
            case TIMESTAMP -> "0001-01-01T00:00:00";
            case DATE -> "0001-01-01";
            case TEXT -> "";
        });
    }

    /** The text stored on the state topic; a watermark of no kind yet (set by hand or in config) is its value alone. */
    String position() {
        return kind == null ? value : kind.name() + ":" + value;
    }

    void bind(PreparedStatement statement, int index) throws SQLException {
        switch (kind) {
            case INTEGER -> statement.setLong(index, Long.parseLong(value.strip()));
            case DECIMAL -> statement.setBigDecimal(index, new BigDecimal(value.strip()));
            case TIMESTAMP_TZ -> statement.setObject(index, OffsetDateTime.parse(value.strip()));
            case TIMESTAMP -> statement.setObject(index, LocalDateTime.parse(value.strip()));
            case DATE -> statement.setObject(index, LocalDate.parse(value.strip()));
            case TEXT -> statement.setString(index, value);
        }
    }

    /** Whether both are the same value: numbers by value (1.0 = 1.00), instants by instant, text by text. */
    boolean sameValue(Watermark other) {
        if (other == null || other.kind != kind) {
            return false;
        }
        return switch (kind) {
            case DECIMAL -> new BigDecimal(value).compareTo(new BigDecimal(other.value)) == 0;
            case TIMESTAMP_TZ -> OffsetDateTime.parse(value).isEqual(OffsetDateTime.parse(other.value));
            default -> value.equals(other.value);
        };
    }
}
