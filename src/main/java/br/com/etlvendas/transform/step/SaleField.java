package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A field the built-in steps can name, by the same names as the warehouse columns and the mapping files: the
 * sale's own fields, its store's and customer's, a line's, and a line attribute ({@code attributes.<key>}).
 * What a field reads, whether it belongs to the sale or to each line, how a value given in the config is read
 * for it, and (for the fields a step may change) how it is written.
 */
abstract class SaleField {

    /** What kind of value a field holds, which decides how it is compared. */
    enum Kind { TEXT, NUMBER, TIME, CHOICE }

    static final String ATTRIBUTES = "attributes.";

    private final String name;
    private final boolean lineLevel;
    private final Kind kind;

    private SaleField(String name, boolean lineLevel, Kind kind) {
        this.name = name;
        this.lineLevel = lineLevel;
        this.kind = kind;
    }

    String name() {
        return name;
    }

    /** Whether the field is one per line (a line field or attribute) rather than one per sale. */
    boolean lineLevel() {
        return lineLevel;
    }

    Kind kind() {
        return kind;
    }

    /** The value: a String, BigDecimal, OffsetDateTime or enum constant, or null. {@code line} is null for a sale field. */
    abstract Object read(Sale sale, SaleLine line);

    /** A value from the config as this field holds it; an exception with a message a user can act on if it is none. */
    Object parse(String text) {
        return text;
    }

    /** Whether {@code set} may write this field; the identity, time, money and validated codes stay as validated. */
    boolean settable() {
        return false;
    }

    /** Whether {@code mask} may write this field: the personal ones. */
    boolean maskable() {
        return false;
    }

    /** The sale with this sale-level field set to a value {@link #parse} gave. */
    Sale with(Sale sale, Object value) {
        throw new UnsupportedOperationException(name + " cannot be written");
    }

    /** The line with this line-level field set to a value {@link #parse} gave. */
    SaleLine with(SaleLine line, Object value) {
        throw new UnsupportedOperationException(name + " cannot be written");
    }

    private static final Map<String, SaleField> FIELDS = new HashMap<>();

    static {
        text("sale_id", s -> s.saleId());
        time("sold_at", s -> s.soldAt());
        text("store_id", s -> s.store().storeId());
        store("store_name", Store::name, (s, v) -> new Store(s.storeId(), v, s.city(), s.state(), s.country()));
        store("store_city", Store::city, (s, v) -> new Store(s.storeId(), s.name(), v, s.state(), s.country()));
        text("store_state", s -> s.store().state());
        text("store_country", s -> s.store().country());
        choice("channel", Sale::channel, t -> Channel.parse(t), (s, v) -> s.withChannel((Channel) v));
        choice("payment_method", Sale::paymentMethod, t -> PaymentMethod.parse(t), (s, v) -> s.withPaymentMethod((PaymentMethod) v));
        choice("status", Sale::status, t -> SaleStatus.parse(t), null);
        text("currency", Sale::currency);
        customer("customer_id", Customer::customerId, (c, v) -> new Customer(v, c.name(), c.document()), true);
        customer("customer_name", Customer::name, (c, v) -> new Customer(c.customerId(), v, c.document()), true);
        customer("customer_document", Customer::document, (c, v) -> new Customer(c.customerId(), c.name(), v), false);
        text("source", Sale::source);
        number("line_no", l -> BigDecimal.valueOf(l.lineNo()));
        line("sku", SaleLine::sku, null);
        line("product_name", SaleLine::productName, (l, v) -> new SaleLine(l.lineNo(), l.sku(), v, l.category(),
                l.quantity(), l.unitPrice(), l.discount(), l.netAmount(), l.attributes()));
        line("category", SaleLine::category, (l, v) -> new SaleLine(l.lineNo(), l.sku(), l.productName(), v,
                l.quantity(), l.unitPrice(), l.discount(), l.netAmount(), l.attributes()));
        number("quantity", SaleLine::quantity);
        number("unit_price", l -> l.unitPrice().amount());
        number("discount", l -> l.discount().amount());
        number("net_amount", l -> l.netAmount().amount());
    }

    /** The field of that name, or empty when there is none ({@code attributes.<key>} always is one). */
    static Optional<SaleField> named(String name) {
        if (name.startsWith(ATTRIBUTES) && name.length() > ATTRIBUTES.length()) {
            return Optional.of(new Attribute(name.substring(ATTRIBUTES.length())));
        }
        return Optional.ofNullable(FIELDS.get(name));
    }

    /** Every field name, for messages. */
    static String names() {
        return String.join(", ", new TreeMap<>(FIELDS).keySet()) + ", " + ATTRIBUTES + "<key>";
    }

    private static void put(SaleField f) {
        FIELDS.put(f.name(), f);
    }

    private static void text(String name, Function<Sale, String> get) {
        put(new SaleField(name, false, Kind.TEXT) {
            @Override
            Object read(Sale sale, SaleLine line) {
                return get.apply(sale);
            }
        });
    }

    private static void time(String name, Function<Sale, OffsetDateTime> get) {
        put(new SaleField(name, false, Kind.TIME) {
            @Override
            Object read(Sale sale, SaleLine line) {
                return get.apply(sale);
            }

            @Override
            Object parse(String text) {
                try {
                    return OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a date-time with an offset such as 2026-07-01T00:00:00-03:00");
                }
            }
        });
    }

    private static void number(String name, Function<SaleLine, BigDecimal> get) {
        put(new SaleField(name, true, Kind.NUMBER) {
            @Override
            Object read(Sale sale, SaleLine line) {
                return get.apply(line);
            }

            @Override
            Object parse(String text) {
                return decimal(text);
            }
        });
    }

    private static void choice(String name, Function<Sale, Enum<?>> get, Function<String, Optional<? extends Enum<?>>> parser,
                               BiFunction<Sale, Object, Sale> set) {
        put(new SaleField(name, false, Kind.CHOICE) {
            @Override
            Object read(Sale sale, SaleLine line) {
                return get.apply(sale);
            }

            @Override
            Object parse(String text) {
                return parser.apply(text).orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not a known " + name));
            }

            @Override
            boolean settable() {
                return set != null;
            }

            @Override
            Sale with(Sale sale, Object value) {
                return set == null ? super.with(sale, value) : set.apply(sale, value);
            }
        });
    }

    private static void store(String name, Function<Store, String> get, BiFunction<Store, String, Store> set) {
        put(new SaleField(name, false, Kind.TEXT) {
            @Override
            Object read(Sale sale, SaleLine line) {
                return get.apply(sale.store());
            }

            @Override
            boolean settable() {
                return true;
            }

            @Override
            Sale with(Sale s, Object value) {
                return s.withStore(set.apply(s.store(), (String) value));
            }
        });
    }

    private static void customer(String name, Function<Customer, String> get,
                                 BiFunction<Customer, String, Customer> set, boolean settable) {
        put(new SaleField(name, false, Kind.TEXT) {
            @Override
            Object read(Sale sale, SaleLine line) {
                return get.apply(sale.customer());
            }

            @Override
            boolean settable() {
                return settable;
            }

            @Override
            boolean maskable() {
                return true;
            }

            @Override
            Sale with(Sale s, Object value) {
                return s.withCustomer(set.apply(s.customer(), (String) value));
            }
        });
    }

    private static void line(String name, Function<SaleLine, String> get, BiFunction<SaleLine, String, SaleLine> set) {
        put(new SaleField(name, true, Kind.TEXT) {
            @Override
            Object read(Sale sale, SaleLine line) {
                return get.apply(line);
            }

            @Override
            boolean settable() {
                return set != null;
            }

            @Override
            SaleLine with(SaleLine l, Object value) {
                return set == null ? super.with(l, value) : set.apply(l, (String) value);
            }
        });
    }

    static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number such as 10 or 99.90");
        }
    }

    /** {@code attributes.<key>}: a source column kept on each line as text. */
    static final class Attribute extends SaleField {

        private final String key;

        Attribute(String key) {
            super(ATTRIBUTES + key, true, Kind.TEXT);
            this.key = key;
        }

        String key() {
            return key;
        }

        @Override
        Object read(Sale sale, SaleLine line) {
            return line.attributes().get(key);
        }

        @Override
        boolean settable() {
            return true;
        }

        @Override
        boolean maskable() {
            return true;
        }

        @Override
        SaleLine with(SaleLine l, Object value) {
            Map<String, String> attributes = new HashMap<>(l.attributes());
            if (value == null) {
                attributes.remove(key);
            } else {
                attributes.put(key, (String) value);
            }
            return new SaleLine(l.lineNo(), l.sku(), l.productName(), l.category(), l.quantity(), l.unitPrice(),
                    l.discount(), l.netAmount(), attributes);
        }
    }
}
