package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;

import java.util.Locale;
import java.util.Map;

/** The README's example of a custom step: puts every line's category in upper case, with an optional prefix. */
public final class UpperCaseCategoryStep implements Transformation {

    private final String prefix;

    public UpperCaseCategoryStep(Map<String, String> config) {
        prefix = config.getOrDefault("prefix", "");
    }

    @Override
    public Sale apply(Sale sale) {
        return sale.withLines(sale.lines().stream()
                .map(l -> new SaleLine(l.lineNo(), l.sku(), l.productName(),
                        l.category() == null ? null : prefix + l.category().toUpperCase(Locale.ROOT),
                        l.quantity(), l.unitPrice(), l.discount(), l.netAmount(), l.attributes()))
                .toList());
    }
}
