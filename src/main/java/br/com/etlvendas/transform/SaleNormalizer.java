package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.Store;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Puts a valid sale into the one shape the warehouse expects: single spaces in names, SKUs in upper case,
 * money with at least two decimals (and never fewer than the source gave), lines in line-number order.
 * Runs once per record, so a part that is already in shape is kept as it is rather than rebuilt.
 */
public final class SaleNormalizer {

    public Sale normalize(Sale s) {
        Store store = store(s.store());
        Customer customer = customer(s.customer());
        List<SaleLine> lines = lines(s.lines());
        String saleId = s.saleId().strip();
        if (saleId == s.saleId() && store == s.store() && customer == s.customer() && lines == s.lines()) {
            return s;
        }
        return new Sale(saleId, s.soldAt(), store, s.channel(), customer, s.paymentMethod(),
                s.currency(), s.status(), lines, s.source(), s.version(), s.wholeSale(), s.revision(), s.installments());
    }

    private static Store store(Store s) {
        String storeId = s.storeId().strip();
        String name = clean(s.name());
        String city = clean(s.city());
        if (storeId == s.storeId() && name == s.name() && city == s.city()) {
            return s;
        }
        return new Store(storeId, name, city, s.state(), s.country());
    }

    private static Customer customer(Customer c) {
        String customerId = clean(c.customerId());
        String name = clean(c.name());
        if (customerId == c.customerId() && name == c.name()) {
            return c;
        }
        return new Customer(customerId, name, c.document());
    }

    /** The lines in line-number order (a stable sort, needed only when they are out of order), each normalised. */
    private static List<SaleLine> lines(List<SaleLine> lines) {
        List<SaleLine> ordered = lines;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).lineNo() < lines.get(i - 1).lineNo()) {
                ordered = new ArrayList<>(lines);
                ordered.sort(Comparator.comparingInt(SaleLine::lineNo));
                break;
            }
        }
        List<SaleLine> normalized = null;
        for (int i = 0; i < ordered.size(); i++) {
            SaleLine line = ordered.get(i);
            SaleLine n = line(line);
            if (n != line && normalized == null) {
                normalized = new ArrayList<>(ordered.subList(0, i));
            }
            if (normalized != null) {
                normalized.add(n);
            }
        }
        return normalized != null ? normalized : ordered;
    }

    private static SaleLine line(SaleLine l) {
        String sku = l.sku().strip().toUpperCase(Locale.ROOT);
        String productName = clean(l.productName());
        String category = clean(l.category());
        BigDecimal stripped = l.quantity().stripTrailingZeros();
        BigDecimal quantity = stripped.scale() < 0 ? l.quantity().setScale(0) : stripped;
        Money unitPrice = normalized(l.unitPrice());
        Money discount = normalized(l.discount());
        Money netAmount = normalized(l.netAmount());
        if (sku == l.sku() && productName == l.productName() && category == l.category()
                && quantity.equals(l.quantity()) && unitPrice == l.unitPrice() && discount == l.discount()
                && netAmount == l.netAmount()) {
            return l;
        }
        return new SaleLine(l.lineNo(), sku, productName, category, quantity, unitPrice, discount, netAmount,
                l.attributes());
    }

    /** {@link Money#normalized()}, or the amount itself when that changes neither its value nor its scale. */
    private static Money normalized(Money money) {
        Money n = money.normalized();
        return n.amount().equals(money.amount()) ? money : n;
    }

    /**
     * The text stripped, with every run of the whitespace {@code \s} stands for ({@code [ \t\n\x0B\f\r]})
     * made one space; the stripped text itself when no run needs it.
     */
    private static String clean(String text) {
        if (text == null) {
            return null;
        }
        String t = text.strip();
        int i = firstRunToCollapse(t);
        if (i < 0) {
            return t;
        }
        StringBuilder out = new StringBuilder(t.length()).append(t, 0, i);
        while (i < t.length()) {
            char c = t.charAt(i++);
            if (isSpace(c)) {
                out.append(' ');
                while (i < t.length() && isSpace(t.charAt(i))) {
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Where the first run of whitespace other than a single space starts; -1 when there is none. */
    private static int firstRunToCollapse(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (isSpace(c) && (c != ' ' || i + 1 < t.length() && isSpace(t.charAt(i + 1)))) {
                return i;
            }
        }
        return -1;
    }

    /** What {@code \s} matches: space, tab, line feed, vertical tab, form feed, carriage return (U+0009 to U+000D). */
    private static boolean isSpace(char c) {
        return c == ' ' || c >= '\t' && c <= '\r';
    }
}
