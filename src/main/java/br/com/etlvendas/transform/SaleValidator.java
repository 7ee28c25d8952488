package br.com.etlvendas.transform;

import br.com.etlvendas.sale.BrazilianStates;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.DecimalBounds;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.OffsetDateTimeText;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a {@link RawSale} into a typed {@link Sale}, or into the complete list of what is wrong with it:
 * every field is checked, so a record with five problems is reported with five reasons. It runs once per
 * record, so checks are plain character loops rather than regular expressions, and a reason's text (with
 * its field name) is built only when there is a reason to give.
 */
public final class SaleValidator {

    /** Largest gap tolerated between a line's net amount and {@code quantity × unit price − discount}. */
    static final BigDecimal NET_TOLERANCE = new BigDecimal("0.01");
    /** Longest number text read at all: longer text is refused before any parsing. */
    private static final int MAX_NUMBER_TEXT = 64;
    private static final Duration MAX_FUTURE = Duration.ofDays(1);
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());
    private static final List<Channel> CHANNELS = List.of(Channel.values());
    private static final List<PaymentMethod> PAYMENT_METHODS = List.of(PaymentMethod.values());
    private static final List<SaleStatus> STATUSES = List.of(SaleStatus.values());
    /** The line index of a field of the sale itself rather than of one of its lines. */
    private static final int SALE = -1;

    private final Clock clock;

    public SaleValidator(Clock clock) {
        this.clock = clock;
    }

    public Validation validate(RawSale raw) {
        if (raw.isUnreadable()) {
            return new Validation.Invalid(raw, raw.unreadableReasons());
        }
        List<String> reasons = new ArrayList<>();
        nulCharacters(raw, reasons);
        String saleId = required(raw.saleId(), "sale_id", reasons);
        if (saleId != null && !isSaleId(saleId)) {
            reasons.add("sale_id: must be 1-64 letters, digits or . _ : / # - (got '" + saleId + "')");
        }
        OffsetDateTime soldAt = soldAt(raw.soldAt(), reasons);
        String storeId = required(raw.storeId(), "store_id", reasons);
        String country = country(raw.storeCountry(), reasons);
        String state = required(raw.storeState(), "store_state", reasons);
        if (state != null && Store.BRAZIL.equals(country) && BrazilianStates.code(state).isEmpty()) {
            reasons.add("store_state: '" + state + "' is not a Brazilian state code (UF)");
        }
        Channel channel = known(raw.channel(), "channel", Channel::parse, CHANNELS, reasons);
        PaymentMethod payment = raw.paymentMethod() == null || raw.paymentMethod().isBlank() ? null
                : known(raw.paymentMethod(), "payment_method", PaymentMethod::parse, PAYMENT_METHODS, reasons);
        String currency = currency(raw.currency(), reasons);
        SaleStatus status = raw.status() == null || raw.status().isBlank() ? SaleStatus.COMPLETED
                : known(raw.status(), "status", SaleStatus::parse, STATUSES, reasons);
        String document = document(raw.customerDocument(), reasons);
        List<SaleLine> lines = lines(raw.lines(), reasons);
        Long version = raw.version() == null ? null : version(raw.version(), reasons);
        Integer installments = raw.installments() == null ? null : installments(raw.installments(), reasons);
        if (!reasons.isEmpty()) {
            return new Validation.Invalid(raw, reasons);
        }
        Store store = new Store(storeId, trimToNull(raw.storeName()), trimToNull(raw.storeCity()),
                Store.BRAZIL.equals(country) ? BrazilianStates.code(state).orElseThrow() : state, country);
        Customer customer = new Customer(trimToNull(raw.customerId()), trimToNull(raw.customerName()), document);
        return new Validation.Valid(new Sale(saleId, soldAt, store, channel, customer, payment, currency, status,
                lines, raw.source() == null ? "unknown" : raw.source(), version, Boolean.TRUE.equals(raw.wholeSale()), null,
                installments));
    }

    /** The number of instalments (parcelas), a whole number from 1 to {@link Sale#MAX_INSTALLMENTS}; blank means unknown. */
    private static Integer installments(String text, List<String> reasons) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        // digits only, the value capped as it is read so that text of any length neither overflows nor throws
        int n = 0;
        boolean digits = true;
        for (int i = 0; i < t.length() && digits; i++) {
            char c = t.charAt(i);
            digits = c >= '0' && c <= '9';
            n = Math.min(n * 10 + (c - '0'), 1000);
        }
        if (digits && n >= 1 && n <= Sale.MAX_INSTALLMENTS) {
            return n;
        }
        reasons.add("installments: must be a whole number from 1 to " + Sale.MAX_INSTALLMENTS + " (got '" + abbreviated(t) + "')");
        return null;
    }

    /**
     * The source's version of the sale as one comparable number: a whole number as it is, an updated-at
     * (ISO-8601 with its offset) as microseconds since the epoch. Blank means none.
     */
    private static Long version(String text, List<String> reasons) {
        String t = text.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (isWholeNumber(t)) {
            try {
                return Long.parseLong(t);
            } catch (NumberFormatException e) {
                reasons.add("version: '" + t + "' is out of range");
                return null;
            }
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTimeText.parse(t);
            if (at == null) {
                at = OffsetDateTime.parse(t);
            }
        } catch (java.time.DateTimeException e) {
            at = null;
        }
        if (at == null) {
            reasons.add("version: '" + t + "' is neither a whole number nor an ISO-8601 date-time with an offset");
            return null;
        }
        return Math.addExact(Math.multiplyExact(at.toEpochSecond(), 1_000_000L), at.getNano() / 1_000L);
    }

    private static boolean isWholeNumber(String t) {
        int start = t.charAt(0) == '-' ? 1 : 0;
        if (start == t.length()) {
            return false;
        }
        for (int i = start; i < t.length(); i++) {
            if (t.charAt(i) < '0' || t.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private OffsetDateTime soldAt(String text, List<String> reasons) {
        String value = required(text, "sold_at", reasons);
        if (value == null) {
            return null;
        }
        OffsetDateTime at = plainOffsetDateTime(value);
        if (at == null) {
            try {
                TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(value,
                        OffsetDateTime::from, LocalDateTime::from);
                if (!(parsed instanceof OffsetDateTime offsetDateTime)) {
                    reasons.add("sold_at: '" + value + "' has no UTC offset; the source's time zone must be configured");
                    return null;
                }
                at = offsetDateTime;
            } catch (DateTimeParseException e) {
                reasons.add("sold_at: '" + value + "' is not an ISO-8601 date-time such as 2024-03-01T14:30:00-03:00");
                return null;
            }
        }
        if (at.toInstant().isAfter(clock.instant().plus(MAX_FUTURE))) {
            reasons.add("sold_at: '" + value + "' is more than a day in the future");
            return null;
        }
        return at;
    }

    /**
     * What {@link DateTimeFormatter#ISO_DATE_TIME} reads from the form nearly every source writes,
     * {@code 2024-03-01T14:30[:00[.fffffffff]](Z|±hh:mm)}, read without the general parser; null for any other
     * text or an out-of-range field, which is then left to the general parser and its reasons.
     */
    static OffsetDateTime plainOffsetDateTime(String s) {
        try {
            return OffsetDateTimeText.parse(s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** 1-64 of the characters {@code [A-Za-z0-9._:/#-]}. */
    private static boolean isSaleId(String id) {
        if (id.isEmpty() || id.length() > 64) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == ':' || c == '/' || c == '#' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** ISO 3166 alpha-2 code; absent means Brazil. */
    private static String country(String text, List<String> reasons) {
        String value = trimToNull(text);
        if (value == null) {
            return Store.BRAZIL;
        }
        String code = value.toUpperCase(Locale.ROOT);
        if (code.length() == 2 && ISO_COUNTRIES.contains(code)) {
            return code;
        }
        reasons.add("store_country: '" + value + "' is not an ISO 3166 two-letter country code such as BR");
        return Store.BRAZIL;
    }

    private static String currency(String text, List<String> reasons) {
        String value = required(text, "currency", reasons);
        if (value == null) {
            return null;
        }
        String code = value.toUpperCase(Locale.ROOT);
        try {
            if (code.length() == 3) {
                return Currency.getInstance(code).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        reasons.add("currency: '" + value + "' is not an ISO-4217 currency code such as BRL");
        return null;
    }

    private static String document(String text, List<String> reasons) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String digits = CpfCnpj.digitsOfValid(text);
        if (digits != null) {
            return digits;
        }
        reasons.add("customer_document: '" + text + "' is not a valid CPF or CNPJ");
        return null;
    }

    private static List<SaleLine> lines(List<RawSaleLine> raw, List<String> reasons) {
        if (raw == null || raw.isEmpty()) {
            reasons.add("lines: a sale needs at least one line");
            return List.of();
        }
        List<SaleLine> lines = new ArrayList<>(raw.size());
        Set<Integer> numbers = raw.size() > 1 ? new HashSet<>() : null;
        for (int i = 0; i < raw.size(); i++) {
            RawSaleLine l = raw.get(i);
            if (l == null) {
                reasons.add("lines[" + i + "]: is empty");
                continue;
            }
            Integer lineNo = positiveInt(l.lineNo(), i, "line_no", reasons);
            if (lineNo != null && numbers != null && !numbers.add(lineNo)) {
                reasons.add(field(i, "line_no") + ": " + lineNo + " appears twice in the sale");
            }
            String sku = required(l.sku(), i, "sku", reasons);
            BigDecimal quantity = decimal(l.quantity(), i, "quantity", true, reasons);
            if (quantity != null && quantity.signum() <= 0) {
                reasons.add(field(i, "quantity") + ": must be greater than zero (got " + quantity.toPlainString() + ")");
            }
            BigDecimal price = decimal(l.unitPrice(), i, "unit_price", false, reasons);
            BigDecimal discount = l.discount() == null || l.discount().isBlank() ? BigDecimal.ZERO
                    : decimal(l.discount(), i, "discount", true, reasons);
            BigDecimal net = decimal(l.netAmount(), i, "net_amount", false, reasons);
            // blank text counts as absent, so a line with "" for both is reported, not silently dropped
            boolean priceGiven = trimToNull(l.unitPrice()) != null;
            boolean netGiven = trimToNull(l.netAmount()) != null;
            if (!priceGiven && !netGiven) {
                reasons.add(field(i, "unit_price") + ": one of unit_price and net_amount is required");
            }
            nonNegative(price, i, "unit_price", reasons);
            nonNegative(discount, i, "discount", reasons);
            nonNegative(net, i, "net_amount", reasons);
            if (quantity != null && discount != null && quantity.signum() > 0) {
                if (price != null && net != null) {
                    BigDecimal expected = quantity.multiply(price).subtract(discount);
                    if (expected.subtract(net).abs().compareTo(NET_TOLERANCE) > 0) {
                        reasons.add(field(i, "net_amount") + ": " + net.toPlainString()
                                + " differs from quantity × unit_price − discount = " + expected.toPlainString());
                    }
                } else if (price != null && !netGiven) {
                    net = quantity.multiply(price).subtract(discount);
                    if (net.signum() < 0 && price.signum() >= 0) {
                        reasons.add(field(i, "discount") + ": " + discount.toPlainString() + " exceeds quantity × unit_price = "
                                + quantity.multiply(price).toPlainString());
                    }
                } else if (net != null && !priceGiven) {
                    price = net.add(discount).divide(quantity, Math.max(4, net.scale()), RoundingMode.HALF_EVEN);
                }
            }
            if (lineNo != null && sku != null && quantity != null && price != null && discount != null && net != null) {
                lines.add(new SaleLine(lineNo, sku, trimToNull(l.productName()), trimToNull(l.category()), quantity,
                        Money.of(price), Money.of(discount), Money.of(net), l.attributes()));
            }
        }
        return lines;
    }

    /** A field's name as reasons give it: {@code sku} for the sale's own, {@code lines[2].sku} for a line's. */
    private static String field(int line, String name) {
        return line == SALE ? name : "lines[" + line + "]." + name;
    }

    private static void nonNegative(BigDecimal value, int line, String field, List<String> reasons) {
        if (value != null && value.signum() < 0) {
            reasons.add(field(line, field) + ": must not be negative (got " + value.toPlainString() + ")");
        }
    }

    private static Integer positiveInt(String text, int line, String field, List<String> reasons) {
        String value = required(text, line, field, reasons);
        if (value == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        reasons.add(field(line, field) + ": must be a whole number from 1 (got '" + value + "')");
        return null;
    }

    private static BigDecimal decimal(String text, int line, String field, boolean required, List<String> reasons) {
        String value = required ? required(text, line, field, reasons) : trimToNull(text);
        if (value == null) {
            return null;
        }
        BigDecimal number;
        try {
            number = value.length() > MAX_NUMBER_TEXT ? null : new BigDecimal(value);
        } catch (NumberFormatException e) {
            reasons.add(field(line, field) + ": '" + value + "' is not a decimal number such as 1234.56");
            return null;
        }
        if (number == null || !DecimalBounds.fits(number)) {
            reasons.add(field(line, field) + ": '" + abbreviated(value) + "' is out of range: " + DecimalBounds.describe());
            return null;
        }
        return number;
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }

    private static <E extends Enum<E>> E known(String text, String field, Function<String, Optional<E>> parse,
                                               List<E> values, List<String> reasons) {
        String value = required(text, field, reasons);
        if (value == null) {
            return null;
        }
        Optional<E> parsed = parse.apply(value);
        if (parsed.isEmpty()) {
            reasons.add(field + ": '" + value + "' is not one of " + values);
            return null;
        }
        return parsed.get();
    }

    /**
     * PostgreSQL text cannot hold U+0000; a value with one would stop the loader, so it is refused here.
     * Nearly every record has none, so values are searched first and a field's name is built only for a hit.
     */
    private static void nulCharacters(RawSale raw, List<String> reasons) {
        checkNul("sale_id", raw.saleId(), reasons);
        checkNul("store_id", raw.storeId(), reasons);
        checkNul("store_name", raw.storeName(), reasons);
        checkNul("store_city", raw.storeCity(), reasons);
        checkNul("store_state", raw.storeState(), reasons);
        checkNul("customer_id", raw.customerId(), reasons);
        checkNul("customer_name", raw.customerName(), reasons);
        checkNul("source", raw.source(), reasons);
        if (raw.lines() == null) {
            return;
        }
        for (int i = 0; i < raw.lines().size(); i++) {
            RawSaleLine l = raw.lines().get(i);
            if (l == null) {
                continue;
            }
            if (hasNul(l.sku())) {
                reasons.add(nulReason(field(i, "sku")));
            }
            if (hasNul(l.productName())) {
                reasons.add(nulReason(field(i, "product_name")));
            }
            if (hasNul(l.category())) {
                reasons.add(nulReason(field(i, "category")));
            }
            if (l.attributes() != null) {
                int line = i;
                l.attributes().forEach((k, v) -> {
                    if (hasNul(k) || hasNul(v)) {
                        reasons.add(nulReason(field(line, "attributes." + k)));
                    }
                });
            }
        }
    }

    private static void checkNul(String field, String value, List<String> reasons) {
        if (hasNul(value)) {
            reasons.add(nulReason(field));
        }
    }

    private static boolean hasNul(String value) {
        return value != null && value.indexOf('\u0000') >= 0;
    }

    private static String nulReason(String field) {
        return field + ": contains a NUL character (U+0000), which the warehouse cannot store";
    }

    private static String required(String text, String field, List<String> reasons) {
        return required(text, SALE, field, reasons);
    }

    private static String required(String text, int line, String field, List<String> reasons) {
        String value = trimToNull(text);
        if (value == null) {
            reasons.add(field(line, field) + ": is required");
        }
        return value;
    }

    private static String trimToNull(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        return t.isEmpty() ? null : t;
    }
}
