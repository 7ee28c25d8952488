package br.com.etlvendas.transform;

import br.com.etlvendas.sale.RawSale;

/** A raw record after validation, with the exact bytes it arrived as, which the DLQ keeps, and what they said. */
record Checked(byte[] payload, RawSale raw, Validation validation) {

    boolean rejected() {
        return validation instanceof Validation.Invalid;
    }

    Validation.Invalid invalid() {
        return (Validation.Invalid) validation;
    }
}
