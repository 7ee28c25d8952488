package br.com.etlvendas.sale;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Sale} as UTF-8 JSON field by field on the shared {@link SaleJson} mapper's own generator: the
 * same bytes the mapper writes (fields in record order, nulls written — but for {@code installments}, left out
 * when null as the record says —, decimals plain, {@code soldAt} as ISO-8601 with its offset, enums by name, the
 * same escapes), without its per-property reflection. Kafka Streams writes every {@code sales.clean} record
 * through it.
 */
final class SaleWriter {

    private static final SerializableString SALE_ID = new SerializedString("saleId");
    private static final SerializableString SOLD_AT = new SerializedString("soldAt");
    private static final SerializableString STORE = new SerializedString("store");
    private static final SerializableString CHANNEL = new SerializedString("channel");
    private static final SerializableString CUSTOMER = new SerializedString("customer");
    private static final SerializableString PAYMENT_METHOD = new SerializedString("paymentMethod");
    private static final SerializableString CURRENCY = new SerializedString("currency");
    private static final SerializableString STATUS = new SerializedString("status");
    private static final SerializableString LINES = new SerializedString("lines");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString VERSION = new SerializedString("version");
    private static final SerializableString WHOLE_SALE = new SerializedString("wholeSale");
    private static final SerializableString REVISION = new SerializedString("revision");
    private static final SerializableString INSTALLMENTS = new SerializedString("installments");
    private static final SerializableString STORE_ID = new SerializedString("storeId");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString CITY = new SerializedString("city");
    private static final SerializableString STATE = new SerializedString("state");
    private static final SerializableString COUNTRY = new SerializedString("country");
    private static final SerializableString CUSTOMER_ID = new SerializedString("customerId");
    private static final SerializableString DOCUMENT = new SerializedString("document");
    private static final SerializableString LINE_NO = new SerializedString("lineNo");
    private static final SerializableString SKU = new SerializedString("sku");
    private static final SerializableString PRODUCT_NAME = new SerializedString("productName");
    private static final SerializableString CATEGORY = new SerializedString("category");
    private static final SerializableString QUANTITY = new SerializedString("quantity");
    private static final SerializableString UNIT_PRICE = new SerializedString("unitPrice");
    private static final SerializableString DISCOUNT = new SerializedString("discount");
    private static final SerializableString NET_AMOUNT = new SerializedString("netAmount");
    private static final SerializableString ATTRIBUTES = new SerializedString("attributes");

    private SaleWriter() {
    }

    /** The sale's JSON, buffered as {@link ObjectMapper#writeValueAsBytes} buffers it. */
    static byte[] write(Sale sale) throws IOException {
        ObjectMapper mapper = SaleJson.mapper();
        BufferRecycler recycler = mapper.getFactory()._getBufferRecycler();
        try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
            // the mapper's generator comes with the mapper's generator features (WRITE_BIGDECIMAL_AS_PLAIN)
            try (JsonGenerator g = mapper.createGenerator(bytes, JsonEncoding.UTF8)) {
                sale(g, sale);
            }
            byte[] json = bytes.toByteArray();
            bytes.release();
            return json;
        } finally {
            recycler.releaseToPool();
        }
    }

    private static void sale(JsonGenerator g, Sale sale) throws IOException {
        g.writeStartObject();
        g.writeFieldName(SALE_ID);
        string(g, sale.saleId());
        g.writeFieldName(SOLD_AT);
        string(g, sale.soldAt() == null ? null : OffsetDateTimeText.format(sale.soldAt()));
        g.writeFieldName(STORE);
        store(g, sale.store());
        g.writeFieldName(CHANNEL);
        constant(g, sale.channel());
        g.writeFieldName(CUSTOMER);
        customer(g, sale.customer());
        g.writeFieldName(PAYMENT_METHOD);
        constant(g, sale.paymentMethod());
        g.writeFieldName(CURRENCY);
        string(g, sale.currency());
        g.writeFieldName(STATUS);
        constant(g, sale.status());
        g.writeFieldName(LINES);
        lines(g, sale.lines());
        g.writeFieldName(SOURCE);
        string(g, sale.source());
        g.writeFieldName(VERSION);
        if (sale.version() == null) {
            g.writeNull();
        } else {
            g.writeNumber(sale.version().longValue());
        }
        g.writeFieldName(WHOLE_SALE);
        g.writeBoolean(sale.wholeSale());
        g.writeFieldName(REVISION);
        constant(g, sale.revision());
        if (sale.installments() != null) {
            // optional: a record without it is byte for byte what was written before the field existed
            g.writeFieldName(INSTALLMENTS);
            g.writeNumber(sale.installments().intValue());
        }
        g.writeEndObject();
    }

    private static void store(JsonGenerator g, Store store) throws IOException {
        if (store == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName(STORE_ID);
        string(g, store.storeId());
        g.writeFieldName(NAME);
        string(g, store.name());
        g.writeFieldName(CITY);
        string(g, store.city());
        g.writeFieldName(STATE);
        string(g, store.state());
        g.writeFieldName(COUNTRY);
        string(g, store.country());
        g.writeEndObject();
    }

    private static void customer(JsonGenerator g, Customer customer) throws IOException {
        if (customer == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeFieldName(CUSTOMER_ID);
        string(g, customer.customerId());
        g.writeFieldName(NAME);
        string(g, customer.name());
        g.writeFieldName(DOCUMENT);
        string(g, customer.document());
        g.writeEndObject();
    }

    /** Sale's constructor copies the lines with {@link List#copyOf}, so neither the list nor a line is null. */
    private static void lines(JsonGenerator g, List<SaleLine> lines) throws IOException {
        g.writeStartArray();
        for (SaleLine line : lines) {
            g.writeStartObject();
            g.writeFieldName(LINE_NO);
            g.writeNumber(line.lineNo());
            g.writeFieldName(SKU);
            string(g, line.sku());
            g.writeFieldName(PRODUCT_NAME);
            string(g, line.productName());
            g.writeFieldName(CATEGORY);
            string(g, line.category());
            g.writeFieldName(QUANTITY);
            decimal(g, line.quantity());
            g.writeFieldName(UNIT_PRICE);
            decimal(g, line.unitPrice() == null ? null : line.unitPrice().amount());
            g.writeFieldName(DISCOUNT);
            decimal(g, line.discount() == null ? null : line.discount().amount());
            g.writeFieldName(NET_AMOUNT);
            decimal(g, line.netAmount() == null ? null : line.netAmount().amount());
            g.writeFieldName(ATTRIBUTES);
            attributes(g, line.attributes());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** SaleLine's constructor makes the attributes a sorted map, never null; the mapper writes them in that order. */
    private static void attributes(JsonGenerator g, Map<String, String> attributes) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            g.writeFieldName(e.getKey());
            string(g, e.getValue());
        }
        g.writeEndObject();
    }

    private static void string(JsonGenerator g, String value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeString(value);
        }
    }

    private static void constant(JsonGenerator g, Enum<?> value) throws IOException {
        string(g, value == null ? null : value.name());
    }

    private static void decimal(JsonGenerator g, BigDecimal value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else {
            g.writeNumber(value);
        }
    }
}
