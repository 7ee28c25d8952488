package br.com.etlvendas.extract.jdbc;

import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;

/**
 * Turns the current row of a result set into the JSON object a mapping reads: column label to text. Numbers
 * are written as exact plain decimals ({@code getBigDecimal().toPlainString()}, so {@code 10.5000} keeps its
 * scale and nothing passes through {@code double}); a {@code timestamptz} as ISO-8601 with its offset; a
 * timestamp without zone as an ISO local date-time (the mapping's {@code time-zone} places it); a date as
 * ISO; SQL NULL as JSON null.
 */
final class JdbcRowReader {

    private static final JsonNodeFactory NODES = SaleJson.mapper().getNodeFactory();

    private final String[] labels;
    private final Watermark.Kind[] kinds;
    private final int[] types;

    JdbcRowReader(ResultSetMetaData md) throws SQLException {
        int n = md.getColumnCount();
        labels = new String[n];
        kinds = new Watermark.Kind[n];
        types = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = md.getColumnLabel(i + 1);
            types[i] = md.getColumnType(i + 1);
            kinds[i] = Watermark.Kind.of(types[i], md.getColumnTypeName(i + 1));
        }
    }

    ObjectNode read(ResultSet rs) throws SQLException {
        ObjectNode row = NODES.objectNode();
        for (int i = 0; i < labels.length; i++) {
            String text = text(rs, i);
            if (text == null) {
                row.putNull(labels[i]);
            } else {
                row.put(labels[i], text);
            }
        }
        return row;
    }

    private String text(ResultSet rs, int i) throws SQLException {
        int column = i + 1;
        if (types[i] == Types.BOOLEAN || types[i] == Types.BIT) {
            boolean b = rs.getBoolean(column);
            return rs.wasNull() ? null : Boolean.toString(b);
        }
        return switch (kinds[i]) {
            case INTEGER, DECIMAL -> {
                BigDecimal n = rs.getBigDecimal(column);
                yield n == null ? null : n.toPlainString();
            }
            case TIMESTAMP_TZ, TIMESTAMP, DATE -> {
                Watermark w = Watermark.read(rs, column, kinds[i]);
                yield w == null ? null : w.value();
            }
            case TEXT -> rs.getString(column);
        };
    }
}
