package br.com.etlvendas.transform;

import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.Sale;

import java.util.List;

/** The outcome of validating one raw record: a typed {@link Sale}, or every reason it was refused. */
public sealed interface Validation {

    record Valid(Sale sale) implements Validation {
    }

    record Invalid(RawSale raw, List<String> reasons) implements Validation {
        public Invalid {
            reasons = List.copyOf(reasons);
        }
    }
}
