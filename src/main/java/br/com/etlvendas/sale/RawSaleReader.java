package br.com.etlvendas.sale;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static br.com.etlvendas.sale.StreamingValues.expect;
import static br.com.etlvendas.sale.StreamingValues.once;
import static br.com.etlvendas.sale.StreamingValues.text;
import static br.com.etlvendas.sale.StreamingValues.textMap;
import static br.com.etlvendas.sale.StreamingValues.texts;

/**
 * Reads a {@link RawSale} from UTF-8 JSON field by field with Jackson's streaming parser: the value the shared
 * {@link SaleJson} mapper binds (unknown fields skipped, missing ones null, numbers and booleans taken as their
 * text), without its per-property reflection. Kafka Streams reads every {@code sales.raw} record through it.
 * Input it does not repeat the mapper on ends in {@link StreamingValues.NotOnFastPath} or the parser's own
 * exception; the caller then reads it with the mapper.
 */
final class RawSaleReader {

    private RawSaleReader() {
    }

    /** The sale in {@code data}; null for a JSON {@code null}, as the mapper gives. */
    static RawSale read(byte[] data) throws IOException {
        return StreamingValues.readObject(data, RawSaleReader::sale);
    }

    private static RawSale sale(JsonParser p) throws IOException {
        String saleId = null;
        String soldAt = null;
        String storeId = null;
        String storeName = null;
        String storeCity = null;
        String storeState = null;
        String storeCountry = null;
        String channel = null;
        String customerId = null;
        String customerName = null;
        String customerDocument = null;
        String paymentMethod = null;
        String currency = null;
        String status = null;
        List<RawSaleLine> lines = null;
        String source = null;
        String origin = null;
        List<String> unreadableReasons = null;
        String unreadablePayload = null;
        String version = null;
        Boolean wholeSale = null;
        String installments = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "saleId" -> { seen = once(seen, 0); saleId = text(p); }
                case "soldAt" -> { seen = once(seen, 1); soldAt = text(p); }
                case "storeId" -> { seen = once(seen, 2); storeId = text(p); }
                case "storeName" -> { seen = once(seen, 3); storeName = text(p); }
                case "storeCity" -> { seen = once(seen, 4); storeCity = text(p); }
                case "storeState" -> { seen = once(seen, 5); storeState = text(p); }
                case "storeCountry" -> { seen = once(seen, 6); storeCountry = text(p); }
                case "channel" -> { seen = once(seen, 7); channel = text(p); }
                case "customerId" -> { seen = once(seen, 8); customerId = text(p); }
                case "customerName" -> { seen = once(seen, 9); customerName = text(p); }
                case "customerDocument" -> { seen = once(seen, 10); customerDocument = text(p); }
                case "paymentMethod" -> { seen = once(seen, 11); paymentMethod = text(p); }
                case "currency" -> { seen = once(seen, 12); currency = text(p); }
                case "status" -> { seen = once(seen, 13); status = text(p); }
                case "lines" -> { seen = once(seen, 14); lines = lines(p); }
                case "source" -> { seen = once(seen, 15); source = text(p); }
                case "origin" -> { seen = once(seen, 16); origin = text(p); }
                case "unreadableReasons" -> { seen = once(seen, 17); unreadableReasons = texts(p); }
                case "unreadablePayload" -> { seen = once(seen, 18); unreadablePayload = text(p); }
                case "version" -> { seen = once(seen, 19); version = text(p); }
                case "wholeSale" -> { seen = once(seen, 20); wholeSale = bool(p); }
                case "installments" -> { seen = once(seen, 21); installments = text(p); }
                default -> p.skipChildren(); // unknown or @JsonIgnore'd: the mapper ignores it too
            }
        }
        return new RawSale(saleId, soldAt, storeId, storeName, storeCity, storeState, storeCountry, channel, customerId,
                customerName, customerDocument, paymentMethod, currency, status, lines, source, origin,
                unreadableReasons, unreadablePayload, version, wholeSale, installments);
    }

    /** A JSON true, false or null; other forms (text, numbers) are the mapper's to coerce. */
    private static Boolean bool(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE);
        return t == JsonToken.VALUE_TRUE;
    }

    /** An {@link ArrayList} as the mapper makes, a JSON null in it kept as a null line. */
    private static List<RawSaleLine> lines(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.START_ARRAY);
        List<RawSaleLine> lines = new ArrayList<>();
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NULL) {
                lines.add(null);
            } else {
                expect(t == JsonToken.START_OBJECT);
                lines.add(line(p));
            }
        }
        return lines;
    }

    private static RawSaleLine line(JsonParser p) throws IOException {
        String lineNo = null;
        String sku = null;
        String productName = null;
        String category = null;
        String quantity = null;
        String unitPrice = null;
        String discount = null;
        String netAmount = null;
        Map<String, String> attributes = null;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            p.nextToken();
            switch (name) {
                case "lineNo" -> { seen = once(seen, 0); lineNo = text(p); }
                case "sku" -> { seen = once(seen, 1); sku = text(p); }
                case "productName" -> { seen = once(seen, 2); productName = text(p); }
                case "category" -> { seen = once(seen, 3); category = text(p); }
                case "quantity" -> { seen = once(seen, 4); quantity = text(p); }
                case "unitPrice" -> { seen = once(seen, 5); unitPrice = text(p); }
                case "discount" -> { seen = once(seen, 6); discount = text(p); }
                case "netAmount" -> { seen = once(seen, 7); netAmount = text(p); }
                case "attributes" -> { seen = once(seen, 8); attributes = textMap(p); }
                default -> p.skipChildren();
            }
        }
        return new RawSaleLine(lineNo, sku, productName, category, quantity, unitPrice, discount, netAmount, attributes);
    }
}
