package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Sale;

import java.util.Map;

/**
 * A custom step for tests: throws for the sale id named in its config ({@code fail-for-sale}) or for every sale id
 * ending so ({@code fail-for-sale-ending}), passes every other sale on untouched.
 */
public final class FailingStep implements Transformation {

    private final String failFor;
    private final String failForEnding;

    public FailingStep(Map<String, String> config) {
        failFor = config.get("fail-for-sale");
        failForEnding = config.get("fail-for-sale-ending");
        if (failFor == null && failForEnding == null) {
            throw new IllegalArgumentException("fail-for-sale is required");
        }
    }

    @Override
    public Sale apply(Sale sale) {
        if (sale.saleId().equals(failFor) || failForEnding != null && sale.saleId().endsWith(failForEnding)) {
            throw new IllegalStateException("cannot handle sale " + sale.saleId());
        }
        return sale;
    }
}
