package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleStatus;

import java.util.Arrays;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every field of a {@link br.com.etlvendas.sale.RawSale} and its {@link br.com.etlvendas.sale.RawSaleLine},
 * by the snake_case name a mapping file uses under {@code fields:}. Each carries its type, the one-line
 * description shown in configuration problems, and whether every sale needs it (so that a mapping leaving it
 * out is refused at start-up instead of sending every row to the DLQ; {@code SaleValidator} has the same list).
 */
public enum SaleField {
    SALE_ID("sale_id", ValueType.TEXT, true, "the sale (order) identifier; the lines of one sale share it"),
    SOLD_AT("sold_at", ValueType.DATE_TIME, true, "when the sale happened; local times are read in time-zone"),
    STORE_ID("store_id", ValueType.TEXT, true, "the store identifier"),
    STORE_NAME("store_name", ValueType.TEXT, false, "the store's name"),
    STORE_CITY("store_city", ValueType.TEXT, false, "the store's city"),
    STORE_STATE("store_state", ValueType.TEXT, true, "the store's state: a UF code such as SP for stores in Brazil"),
    STORE_COUNTRY("store_country", ValueType.TEXT, false, "the store's country, ISO 3166 alpha-2; unmapped means BR"),
    CHANNEL("channel", ValueType.TEXT, true, "where the sale happened: store, ecommerce, marketplace, app or phone"),
    CUSTOMER_ID("customer_id", ValueType.TEXT, false, "the customer identifier"),
    CUSTOMER_NAME("customer_name", ValueType.TEXT, false, "the customer's name"),
    CUSTOMER_DOCUMENT("customer_document", ValueType.TEXT, false, "the customer's CPF or CNPJ"),
    PAYMENT_METHOD("payment_method", ValueType.TEXT, false, "pix, credit_card, debit_card, boleto, cash or voucher"),
    CURRENCY("currency", ValueType.TEXT, true, "ISO 4217 currency of every amount, e.g. BRL"),
    STATUS("status", ValueType.TEXT, false, "completed, cancelled or returned; unmapped means completed"),
    LINE_NO("line_no", ValueType.WHOLE_NUMBER, true, "the line's number within its sale, from 1"),
    SKU("sku", ValueType.TEXT, true, "the product code"),
    PRODUCT_NAME("product_name", ValueType.TEXT, false, "the product's name"),
    CATEGORY("category", ValueType.TEXT, false, "the product's category"),
    QUANTITY("quantity", ValueType.NUMBER, true, "quantity sold, greater than zero"),
    UNIT_PRICE("unit_price", ValueType.NUMBER, false, "price of one unit before discount"),
    DISCOUNT("discount", ValueType.NUMBER, false, "money taken off the whole line (an amount, never a rate)"),
    NET_AMOUNT("net_amount", ValueType.NUMBER, false, "what was paid for the line: quantity × unit_price − discount"),
    VERSION("version", ValueType.WHOLE_NUMBER, false,
            "the sale's version, growing with every change: a newer one replaces the sale, an older one is ignored"),
    UPDATED_AT("updated_at", ValueType.DATE_TIME, false,
            "when the sale last changed, used as its version where no version is mapped"),
    INSTALLMENTS("installments", ValueType.WHOLE_NUMBER, false,
            "how many instalments (parcelas) the sale was paid in, 1 to 48; unmapped or blank means unknown");


    private final String key;
    private final ValueType type;
    private final boolean needed;
    private final String description;

    SaleField(String key, ValueType type, boolean needed, String description) {
        this.key = key;
        this.type = type;
        this.needed = needed;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public ValueType type() {
        return type;
    }

    /** Whether every valid sale has this field (besides: one of unit_price and net_amount). */
    public boolean needed() {
        return needed;
    }

    public String description() {
        return description;
    }

    public static Optional<SaleField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(SaleField::key).toList();
    }

    /**
     * What is wrong with a value written in the mapping file itself (a constant, a value-map result or a
     * default) for a field with a closed set of values; empty when it is fine. Checking these once at load
     * catches a typo that would otherwise reject every row.
     */
    Optional<String> configValueProblem(String value) {
        return switch (this) {
            case CHANNEL -> unknownWord(value, Channel::parse, Channel.values());
            case PAYMENT_METHOD -> unknownWord(value, PaymentMethod::parse, PaymentMethod.values());
            case STATUS -> unknownWord(value, SaleStatus::parse, SaleStatus.values());
            case CURRENCY -> isCurrency(value) ? Optional.empty()
                    : Optional.of("'" + value + "' is not an ISO 4217 currency code such as BRL");
            case STORE_COUNTRY -> value.length() == 2
                    && Arrays.asList(Locale.getISOCountries()).contains(value.toUpperCase(Locale.ROOT)) ? Optional.empty()
                    : Optional.of("'" + value + "' is not an ISO 3166 two-letter country code such as BR");
            case INSTALLMENTS -> isInstallments(value) ? Optional.empty()
                    : Optional.of("'" + value + "' is not a whole number of instalments from 1 to " + Sale.MAX_INSTALLMENTS);
            default -> Optional.empty();
        };
    }

    private static <E extends Enum<E>> Optional<String> unknownWord(String value, Function<String, Optional<E>> parse,
                                                                    E[] allowed) {
        return parse.apply(value).isPresent() ? Optional.empty()
                : Optional.of("'" + value + "' is not one of " + Arrays.stream(allowed)
                        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
    }

    private static boolean isInstallments(String value) {
        try {
            int n = Integer.parseInt(value.strip());
            return n >= 1 && n <= Sale.MAX_INSTALLMENTS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isCurrency(String value) {
        try {
            return value.length() == 3 && Currency.getInstance(value.toUpperCase(Locale.ROOT)) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
