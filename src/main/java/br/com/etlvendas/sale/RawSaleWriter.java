package br.com.etlvendas.sale;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link RawSale} as UTF-8 JSON by hand: the same bytes the shared {@link SaleJson} mapper writes for
 * it (same names and order, nulls left out, empty line fields left out, the same escapes), at a fraction of the
 * cost of the mapper's per-property reflection and generator checks. Every source publishes through it, so it
 * runs once per record on the extraction path.
 */
final class RawSaleWriter {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** For ASCII characters: 0 written as is, a letter for a two-character escape, 'u' for a six-character one. */
    private static final byte[] ESCAPES = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\f'] = 'f';
        ESCAPES['\n'] = 'n';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    private static final byte[] SALE_ID = name("saleId");
    private static final byte[] SOLD_AT = name("soldAt");
    private static final byte[] STORE_ID = name("storeId");
    private static final byte[] STORE_NAME = name("storeName");
    private static final byte[] STORE_CITY = name("storeCity");
    private static final byte[] STORE_STATE = name("storeState");
    private static final byte[] STORE_COUNTRY = name("storeCountry");
    private static final byte[] CHANNEL = name("channel");
    private static final byte[] CUSTOMER_ID = name("customerId");
    private static final byte[] CUSTOMER_NAME = name("customerName");
    private static final byte[] CUSTOMER_DOCUMENT = name("customerDocument");
    private static final byte[] PAYMENT_METHOD = name("paymentMethod");
    private static final byte[] CURRENCY = name("currency");
    private static final byte[] STATUS = name("status");
    private static final byte[] LINES = name("lines");
    private static final byte[] SOURCE = name("source");
    private static final byte[] ORIGIN = name("origin");
    private static final byte[] UNREADABLE_REASONS = name("unreadableReasons");
    private static final byte[] UNREADABLE_PAYLOAD = name("unreadablePayload");
    private static final byte[] VERSION = name("version");
    private static final byte[] WHOLE_SALE = name("wholeSale");
    private static final byte[] INSTALLMENTS = name("installments");
    private static final byte[] LINE_NO = name("lineNo");
    private static final byte[] SKU = name("sku");
    private static final byte[] PRODUCT_NAME = name("productName");
    private static final byte[] CATEGORY = name("category");
    private static final byte[] QUANTITY = name("quantity");
    private static final byte[] UNIT_PRICE = name("unitPrice");
    private static final byte[] DISCOUNT = name("discount");
    private static final byte[] NET_AMOUNT = name("netAmount");
    private static final byte[] ATTRIBUTES = name("attributes");

    private byte[] buf = new byte[1024];
    private int len;
    /** Whether the object being written has no field yet (no comma before the next one). */
    private boolean first;

    private RawSaleWriter() {
    }

    /** The record's JSON; a new writer per record, so one serializer can serve several threads. */
    static byte[] write(RawSale sale) {
        return new RawSaleWriter().sale(sale);
    }

    private byte[] sale(RawSale sale) {
        startObject();
        field(SALE_ID, sale.saleId());
        field(SOLD_AT, sale.soldAt());
        field(STORE_ID, sale.storeId());
        field(STORE_NAME, sale.storeName());
        field(STORE_CITY, sale.storeCity());
        field(STORE_STATE, sale.storeState());
        field(STORE_COUNTRY, sale.storeCountry());
        field(CHANNEL, sale.channel());
        field(CUSTOMER_ID, sale.customerId());
        field(CUSTOMER_NAME, sale.customerName());
        field(CUSTOMER_DOCUMENT, sale.customerDocument());
        field(PAYMENT_METHOD, sale.paymentMethod());
        field(CURRENCY, sale.currency());
        field(STATUS, sale.status());
        if (sale.lines() != null) {
            name(LINES);
            put('[');
            for (int i = 0; i < sale.lines().size(); i++) {
                if (i > 0) {
                    put(',');
                }
                line(sale.lines().get(i));
            }
            put(']');
        }
        field(SOURCE, sale.source());
        field(ORIGIN, sale.origin());
        if (sale.unreadableReasons() != null) {
            name(UNREADABLE_REASONS);
            strings(sale.unreadableReasons());
        }
        field(UNREADABLE_PAYLOAD, sale.unreadablePayload());
        field(VERSION, sale.version());
        if (sale.wholeSale() != null) {
            name(WHOLE_SALE);
            ascii(sale.wholeSale() ? "true" : "false");
        }
        field(INSTALLMENTS, sale.installments());
        endObject();
        return Arrays.copyOf(buf, len);
    }

    /** A line leaves out null and empty values, as {@code @JsonInclude(NON_EMPTY)} on {@link RawSaleLine} says. */
    private void line(RawSaleLine line) {
        if (line == null) {
            ascii("null");
            return;
        }
        startObject();
        nonEmpty(LINE_NO, line.lineNo());
        nonEmpty(SKU, line.sku());
        nonEmpty(PRODUCT_NAME, line.productName());
        nonEmpty(CATEGORY, line.category());
        nonEmpty(QUANTITY, line.quantity());
        nonEmpty(UNIT_PRICE, line.unitPrice());
        nonEmpty(DISCOUNT, line.discount());
        nonEmpty(NET_AMOUNT, line.netAmount());
        Map<String, String> attributes = line.attributes();
        if (attributes != null && !attributes.isEmpty()) {
            name(ATTRIBUTES);
            startObject();
            for (Map.Entry<String, String> e : attributes.entrySet()) {
                comma();
                string(e.getKey());
                put(':');
                stringOrNull(e.getValue());
            }
            endObject();
        }
        endObject();
    }

    private void strings(List<String> values) {
        put('[');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                put(',');
            }
            stringOrNull(values.get(i));
        }
        put(']');
    }

    private void field(byte[] name, String value) {
        if (value != null) {
            name(name);
            string(value);
        }
    }

    private void nonEmpty(byte[] name, String value) {
        if (value != null && !value.isEmpty()) {
            name(name);
            string(value);
        }
    }

    private void startObject() {
        put('{');
        first = true;
    }

    private void endObject() {
        put('}');
        first = false;
    }

    private void comma() {
        if (!first) {
            put(',');
        }
        first = false;
    }

    /** A field name, already written as {@code "name":}, after a comma when it is not the first. */
    private void name(byte[] quotedName) {
        comma();
        ensure(quotedName.length);
        System.arraycopy(quotedName, 0, buf, len, quotedName.length);
        len += quotedName.length;
    }

    private void stringOrNull(String s) {
        if (s == null) {
            ascii("null");
        } else {
            string(s);
        }
    }

    /** A JSON string: quotes, backslash and control characters escaped, everything else in UTF-8. */
    private void string(String s) {
        if (plain(s)) {
            return;
        }
        int n = s.length();
        ensure(n * 3 + 2); // the most one char takes in UTF-8; escapes are grown for as they come
        byte[] b = buf;
        int p = len;
        b[p++] = '"';
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte escape = ESCAPES[c];
                if (escape == 0) {
                    b[p++] = (byte) c;
                    continue;
                }
                len = p;
                ensure(6 + (n - i) * 3 + 1);
                b = buf;
                b[p++] = '\\';
                if (escape == 'u') {
                    b[p++] = 'u';
                    b[p++] = '0';
                    b[p++] = '0';
                    b[p++] = HEX[c >> 4];
                    b[p++] = HEX[c & 0xF];
                } else {
                    b[p++] = escape;
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | c >> 6);
                b[p++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                // as the mapper does: each half of a surrogate pair, or a lone half, as its own escape
                len = p;
                ensure(6 + (n - i) * 3 + 1);
                b = buf;
                b[p++] = '\\';
                b[p++] = 'u';
                b[p++] = HEX[c >> 12];
                b[p++] = HEX[c >> 8 & 0xF];
                b[p++] = HEX[c >> 4 & 0xF];
                b[p++] = HEX[c & 0xF];
            } else {
                b[p++] = (byte) (0xE0 | c >> 12);
                b[p++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p++] = (byte) (0x80 | c & 0x3F);
            }
        }
        b[p++] = '"';
        len = p;
    }

    /**
     * Writes the string when its UTF-8 bytes are already its JSON text (no quote, backslash or control character,
     * no character beyond the Basic Multilingual Plane, which the mapper escapes): true for nearly every value, and
     * the JDK's encoder does this in bulk. Answers false, having written nothing, otherwise. A '?' might stand for a
     * lone surrogate the encoder replaced, so it also sends the string the long way.
     */
    private boolean plain(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        for (int words = utf8.length & ~7; i < words; i += 8) {
            if (mayNeedCare((long) LONGS.get(utf8, i))) {
                for (int k = i; k < i + 8; k++) {
                    if (needsCare(utf8[k])) {
                        return false;
                    }
                }
            }
        }
        for (; i < utf8.length; i++) {
            if (needsCare(utf8[i])) {
                return false;
            }
        }
        ensure(utf8.length + 2);
        buf[len++] = '"';
        System.arraycopy(utf8, 0, buf, len, utf8.length);
        len += utf8.length;
        buf[len++] = '"';
        return true;
    }

    /** A byte that JSON must escape, a '?' (maybe a replaced lone surrogate), or the lead byte of a 4-byte character. */
    private static boolean needsCare(byte c) {
        return c >= 0 ? c < 0x20 || c == '"' || c == '\\' || c == '?' : (c & 0xF8) == 0xF0;
    }

    /**
     * Whether any of eight bytes might need care: one of them is not ASCII, is below 0x20, or is '"', '\\' or '?'
     * (the usual bit tricks: a byte becomes zero after XOR exactly when it equals the character). Exact for
     * ASCII bytes; the bytes of a word that answers true are then looked at one by one.
     */
    private static boolean mayNeedCare(long word) {
        long control = (word - ONES * 0x20) & ~word;
        return ((word | control | zeroByte(word ^ ONES * '"') | zeroByte(word ^ ONES * '\\')
                | zeroByte(word ^ ONES * '?')) & HIGH_BITS) != 0;
    }

    private static long zeroByte(long word) {
        return (word - ONES) & ~word;
    }

    private void ascii(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void put(char c) {
        ensure(1);
        buf[len++] = (byte) c;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private static byte[] name(String name) {
        return ("\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }
}
