package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Sale;

import java.util.Map;

/** A custom step for tests: throws for the sale id named in its config, passes every other sale on untouched. */
public final class FailingStep implements Transformation {

    private final String failFor;

    public FailingStep(Map<String, String> config) {
        failFor = config.get("fail-for-sale");
        if (failFor == null) {
            throw new IllegalArgumentException("fail-for-sale is required");
        }
    }

    @Override
    public Sale apply(Sale sale) {
        if (sale.saleId().equals(failFor)) {
            throw new IllegalStateException("cannot handle sale " + sale.saleId());
        }
        return sale;
    }
}
