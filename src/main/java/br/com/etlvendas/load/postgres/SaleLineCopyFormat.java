package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;

import java.util.Map;

/**
 * Renders sale lines as rows of PostgreSQL's {@code COPY … FROM STDIN WITH (FORMAT csv)} for the columns
 * {@link #COLUMNS} of {@code sale_line}. Text is always quoted, so an empty string stays empty and only an
 * absent value becomes SQL NULL; amounts are written as plain decimals with the scale they carry; the
 * attributes become a JSON object written here rather than by Jackson, one per line being the hot path.
 */
public final class SaleLineCopyFormat {

    /** The columns every row fills, in order. */
    public static final String COLUMNS = "sale_id, line_no, sold_at, store_id, store_name, store_city, store_state, store_country, "
            + "channel, customer_id, customer_name, customer_document, payment_method, currency, status, sku, product_name, "
            + "category, quantity, unit_price, discount, net_amount, attributes, source, kafka_partition, kafka_offset";

    private SaleLineCopyFormat() {
    }

    /** The COPY statement that reads rows of this format into {@code table}. */
    public static String copyInto(String table) {
        return "COPY " + table + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
    }

    /** Appends one row: line {@code l} of sale {@code s}, read from {@code partition} at {@code offset}. */
    public static void append(StringBuilder out, Sale s, SaleLine l, int partition, long offset) {
        field(out, s.saleId()).append(',').append(l.lineNo()).append(',');
        field(out, s.soldAt().toString()).append(',');
        field(out, s.store().storeId()).append(',');
        field(out, s.store().name()).append(',');
        field(out, s.store().city()).append(',');
        field(out, s.store().state()).append(',');
        field(out, s.store().country()).append(',');
        field(out, s.channel().name()).append(',');
        field(out, s.customer().customerId()).append(',');
        field(out, s.customer().name()).append(',');
        field(out, s.customer().document()).append(',');
        field(out, s.paymentMethod() == null ? null : s.paymentMethod().name()).append(',');
        field(out, s.currency()).append(',');
        field(out, s.status().name()).append(',');
        field(out, l.sku()).append(',');
        field(out, l.productName()).append(',');
        field(out, l.category()).append(',');
        out.append(l.quantity().toPlainString()).append(',');
        out.append(l.unitPrice().amount().toPlainString()).append(',');
        out.append(l.discount().amount().toPlainString()).append(',');
        out.append(l.netAmount().amount().toPlainString()).append(',');
        attributes(out, l.attributes()).append(',');
        field(out, s.source()).append(',');
        out.append(partition).append(',').append(offset).append('\n');
    }

    /** The attributes as a JSON object inside one quoted CSV field (CSV doubles the JSON's quotes). */
    private static StringBuilder attributes(StringBuilder out, Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return out.append("\"{}\"");
        }
        out.append("\"{");
        boolean first = true;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            jsonString(out, e.getKey()).append(':');
            if (e.getValue() == null) {
                out.append("null");
            } else {
                jsonString(out, e.getValue());
            }
        }
        return out.append("}\"");
    }

    /** A JSON string, escaped as JSON requires, with each of its quotes doubled for the enclosing CSV field. */
    private static StringBuilder jsonString(StringBuilder out, String value) {
        out.append("\"\"");
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (ch < 0x20) {
                        out.append("\\u00");
                        out.append(Character.forDigit(ch >> 4, 16)).append(Character.forDigit(ch & 0xF, 16));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append("\"\"");
    }

    /** A CSV field: null as nothing (SQL NULL), any text quoted so that an empty string stays empty. */
    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out;
        }
        out.append('"');
        int from = 0;
        for (int i = value.indexOf('"'); i >= 0; i = value.indexOf('"', i + 1)) {
            out.append(value, from, i + 1).append('"');
            from = i + 1;
        }
        return out.append(value, from, value.length()).append('"');
    }
}
