package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.Store;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Puts a valid sale into the one shape the warehouse expects: single spaces in names, SKUs in upper case,
 * money with at least two decimals (and never fewer than the source gave), lines in line-number order.
 */
public final class SaleNormalizer {

    public Sale normalize(Sale s) {
        Store store = new Store(s.store().storeId().strip(), clean(s.store().name()), clean(s.store().city()),
                s.store().state(), s.store().country());
        Customer customer = new Customer(clean(s.customer().customerId()), clean(s.customer().name()),
                s.customer().document());
        List<SaleLine> lines = s.lines().stream()
                .sorted(Comparator.comparingInt(SaleLine::lineNo))
                .map(l -> new SaleLine(l.lineNo(), l.sku().strip().toUpperCase(Locale.ROOT), clean(l.productName()),
                        clean(l.category()), l.quantity().stripTrailingZeros().scale() < 0
                        ? l.quantity().setScale(0) : l.quantity().stripTrailingZeros(),
                        l.unitPrice().normalized(), l.discount().normalized(), l.netAmount().normalized(), l.attributes()))
                .toList();
        return new Sale(s.saleId().strip(), s.soldAt(), store, s.channel(), customer, s.paymentMethod(),
                s.currency(), s.status(), lines, s.source());
    }

    private static String clean(String text) {
        return text == null ? null : text.strip().replaceAll("\\s+", " ");
    }
}
