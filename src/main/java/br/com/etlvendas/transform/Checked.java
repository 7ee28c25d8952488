package br.com.etlvendas.transform;

/** A raw record after validation, with the exact bytes it arrived as, which the DLQ keeps. */
record Checked(byte[] payload, Validation validation) {

    boolean rejected() {
        return validation instanceof Validation.Invalid;
    }

    Validation.Invalid invalid() {
        return (Validation.Invalid) validation;
    }
}
