package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.OffsetDateTimeText;
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
            + "category, quantity, unit_price, discount, net_amount, attributes, source, kafka_partition, kafka_offset, installments";

    private SaleLineCopyFormat() {
    }

    /** The COPY statement that reads rows of this format into {@code table}. */
    public static String copyInto(String table) {
        return "COPY " + table + " (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
    }

    /** Appends one row: line {@code l} of sale {@code s}, read from {@code partition} at {@code offset}. */
    static void append(CopyBuffer out, Sale s, SaleLine l, int partition, long offset) {
        field(out, s.saleId()).ascii(',').number(l.lineNo()).ascii(',');
        out.ascii(OffsetDateTimeText.format(s.soldAt())).ascii(',');
        field(out, s.store().storeId()).ascii(',');
        field(out, s.store().name()).ascii(',');
        field(out, s.store().city()).ascii(',');
        field(out, s.store().state()).ascii(',');
        field(out, s.store().country()).ascii(',');
        out.ascii(s.channel().name()).ascii(',');
        field(out, s.customer().customerId()).ascii(',');
        field(out, s.customer().name()).ascii(',');
        field(out, s.customer().document()).ascii(',');
        if (s.paymentMethod() != null) {
            out.ascii(s.paymentMethod().name());
        }
        out.ascii(',');
        field(out, s.currency()).ascii(',');
        out.ascii(s.status().name()).ascii(',');
        field(out, l.sku()).ascii(',');
        field(out, l.productName()).ascii(',');
        field(out, l.category()).ascii(',');
        out.ascii(l.quantity().toPlainString()).ascii(',');
        out.ascii(l.unitPrice().amount().toPlainString()).ascii(',');
        out.ascii(l.discount().amount().toPlainString()).ascii(',');
        out.ascii(l.netAmount().amount().toPlainString()).ascii(',');
        attributes(out, l.attributes()).ascii(',');
        field(out, s.source()).ascii(',');
        out.number(partition).ascii(',').number(offset).ascii(',');
        if (s.installments() != null) {
            out.number(s.installments());
        }
        out.ascii('\n');
    }

    /** The attributes as a JSON object inside one quoted CSV field (CSV doubles the JSON's quotes). */
    private static CopyBuffer attributes(CopyBuffer out, Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return out.ascii("\"{}\"");
        }
        out.ascii("\"{");
        boolean first = true;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (!first) {
                out.ascii(',');
            }
            first = false;
            out.ascii("\"\"").jsonInCsvText(e.getKey()).ascii("\"\":");
            if (e.getValue() == null) {
                out.ascii("null");
            } else {
                out.ascii("\"\"").jsonInCsvText(e.getValue()).ascii("\"\"");
            }
        }
        return out.ascii("}\"");
    }

    /** A CSV field: null as nothing (SQL NULL), any text quoted so that an empty string stays empty. */
    private static CopyBuffer field(CopyBuffer out, String value) {
        return value == null ? out : out.ascii('"').csvText(value).ascii('"');
    }
}
