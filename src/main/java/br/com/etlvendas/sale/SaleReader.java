package br.com.etlvendas.sale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static br.com.etlvendas.sale.StreamingValues.expect;
import static br.com.etlvendas.sale.StreamingValues.once;
import static br.com.etlvendas.sale.StreamingValues.text;
import static br.com.etlvendas.sale.StreamingValues.textMap;

/**
 * Reads a {@link Sale} from UTF-8 JSON field by field with Jackson's streaming parser: the value the shared
 * {@link SaleJson} mapper binds (decimals with the scale written, {@code soldAt} with the offset written,
 * enums by name, unknown fields skipped), without its per-property reflection. The warehouse loader reads
 * every {@code sales.clean} record through it. Input it does not repeat the mapper on (amounts as text, dates
 * in another form, an unknown enum name, ...) ends in {@link StreamingValues.NotOnFastPath} or another
 * exception; the caller then reads it with the mapper.
 */
final class SaleReader {

    private SaleReader() {
    }

    /** The sale in {@code data}; null for a JSON {@code null}, as the mapper gives. */
    static Sale read(byte[] data) throws IOException {
        return StreamingValues.readObject(data, SaleReader::sale);
    }

    private static Sale sale(JsonParser p) throws IOException {
        String saleId = null;
        OffsetDateTime soldAt = null;
        Store store = null;
        Channel channel = null;
        Customer customer = null;
        PaymentMethod paymentMethod = null;
        String currency = null;
        SaleStatus status = null;
        List<SaleLine> lines = null;
        String source = null;
        Long version = null;
        boolean wholeSale = false;
        SaleRevision revision = null;
        Integer installments = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "saleId" -> { seen = once(seen, 0); saleId = text(p); }
                case "soldAt" -> { seen = once(seen, 1); soldAt = offsetDateTime(p); }
                case "store" -> { seen = once(seen, 2); store = store(p); }
                case "channel" -> { seen = once(seen, 3); channel = constant(p, Channel.class); }
                case "customer" -> { seen = once(seen, 4); customer = customer(p); }
                case "paymentMethod" -> { seen = once(seen, 5); paymentMethod = constant(p, PaymentMethod.class); }
                case "currency" -> { seen = once(seen, 6); currency = text(p); }
                case "status" -> { seen = once(seen, 7); status = constant(p, SaleStatus.class); }
                case "lines" -> { seen = once(seen, 8); lines = lines(p); }
                case "source" -> { seen = once(seen, 9); source = text(p); }
                case "version" -> { seen = once(seen, 10); version = longValue(p); }
                case "wholeSale" -> { seen = once(seen, 11); wholeSale = booleanValue(p); }
                case "revision" -> { seen = once(seen, 12); revision = constant(p, SaleRevision.class); }
                case "installments" -> { seen = once(seen, 13); installments = integerValue(p); }
                default -> p.skipChildren();
            }
        }
        // throws for missing lines, as the mapper's call of the same constructor does; a record written before
        // versions existed has none of version, wholeSale and revision and reads as the mapper reads it: null,
        // false, null; one written before installments existed (or without them) reads null there
        return new Sale(saleId, soldAt, store, channel, customer, paymentMethod, currency, status, lines, source,
                version, wholeSale, revision, installments);
    }

    private static Store store(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p.currentToken() == JsonToken.START_OBJECT);
        String storeId = null;
        String name = null;
        String city = null;
        String state = null;
        String country = null;
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            p.nextToken();
            switch (field) {
                case "storeId" -> { seen = once(seen, 0); storeId = text(p); }
                case "name" -> { seen = once(seen, 1); name = text(p); }
                case "city" -> { seen = once(seen, 2); city = text(p); }
                case "state" -> { seen = once(seen, 3); state = text(p); }
                case "country" -> { seen = once(seen, 4); country = text(p); }
                default -> p.skipChildren();
            }
        }
        // the canonical constructor, as the mapper uses: a missing country stays null
        return new Store(storeId, name, city, state, country);
    }

    private static Customer customer(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p.currentToken() == JsonToken.START_OBJECT);
        String customerId = null;
        String name = null;
        String document = null;
        int seen = 0;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            p.nextToken();
            switch (field) {
                case "customerId" -> { seen = once(seen, 0); customerId = text(p); }
                case "name" -> { seen = once(seen, 1); name = text(p); }
                case "document" -> { seen = once(seen, 2); document = text(p); }
                default -> p.skipChildren();
            }
        }
        return new Customer(customerId, name, document);
    }

    private static List<SaleLine> lines(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p.currentToken() == JsonToken.START_ARRAY);
        List<SaleLine> lines = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t == JsonToken.START_OBJECT); // a null line fails in Sale's constructor: the mapper says how
            lines.add(line(p));
        }
        return lines;
    }

    private static SaleLine line(JsonParser p) throws IOException {
        int lineNo = 0; // a missing primitive is 0 for the mapper
        String sku = null;
        String productName = null;
        String category = null;
        BigDecimal quantity = null;
        Money unitPrice = null;
        Money discount = null;
        Money netAmount = null;
        Map<String, String> attributes = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "lineNo" -> { seen = once(seen, 0); lineNo = intValue(p); }
                case "sku" -> { seen = once(seen, 1); sku = text(p); }
                case "productName" -> { seen = once(seen, 2); productName = text(p); }
                case "category" -> { seen = once(seen, 3); category = text(p); }
                case "quantity" -> { seen = once(seen, 4); quantity = decimal(p); }
                case "unitPrice" -> { seen = once(seen, 5); unitPrice = money(p); }
                case "discount" -> { seen = once(seen, 6); discount = money(p); }
                case "netAmount" -> { seen = once(seen, 7); netAmount = money(p); }
                case "attributes" -> { seen = once(seen, 8); attributes = textMap(p); }
                default -> p.skipChildren();
            }
        }
        return new SaleLine(lineNo, sku, productName, category, quantity, unitPrice, discount, netAmount, attributes);
    }

    /** A long written as a JSON integer in range, or null; other forms are the mapper's to coerce. */
    private static Long longValue(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER);
        return p.getLongValue();
    }

    /** An Integer written as a JSON integer in range, or null; other forms (text, fractions) are the mapper's to coerce. */
    private static Integer integerValue(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        return intValue(p);
    }

    /** A JSON true or false; other forms (null, text) are the mapper's to coerce. */
    private static boolean booleanValue(JsonParser p) throws IOException {
        expect(p.currentToken() == JsonToken.VALUE_TRUE || p.currentToken() == JsonToken.VALUE_FALSE);
        return p.currentToken() == JsonToken.VALUE_TRUE;
    }

    /** An int written as a JSON integer in range; other forms (text, fractions, null) are the mapper's to coerce. */
    private static int intValue(JsonParser p) throws IOException {
        expect(p.currentToken() == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT);
        return p.getIntValue();
    }

    /** A JSON number as the mapper's BigDecimal reader takes it (the parser's decimal, scale as written), or null. */
    private static BigDecimal decimal(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT);
        return p.getDecimalValue();
    }

    /** {@link Money} through its {@code @JsonCreator} from the decimal; null for JSON null. */
    private static Money money(JsonParser p) throws IOException {
        BigDecimal amount = decimal(p);
        return amount == null ? null : Money.of(amount);
    }

    private static OffsetDateTime offsetDateTime(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_STRING);
        OffsetDateTime value = OffsetDateTimeText.parse(p.getText());
        expect(value != null);
        return value;
    }

    /** An enum constant by its exact name (the mapper's default); other text is the mapper's to judge. */
    private static <E extends Enum<E>> E constant(JsonParser p, Class<E> type) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_STRING);
        return Enum.valueOf(type, p.getText()); // IllegalArgumentException for another name: the caller asks the mapper
    }
}
