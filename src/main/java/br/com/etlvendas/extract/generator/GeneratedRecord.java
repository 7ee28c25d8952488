package br.com.etlvendas.extract.generator;

import br.com.etlvendas.sale.Money;

/**
 * One record the generator is about to publish, and what the pipeline must make of it: loaded (with its
 * lines and revenue), rejected, dropped as a duplicate, or a new version of an earlier sale ({@link Kind#CORRECTION},
 * {@link Kind#CANCELLATION}), whose {@code revenue} is then the difference it makes to the sale's revenue.
 */
record GeneratedRecord(String key, byte[] payload, Kind kind, int lineCount, Money revenue, String origin) {

    enum Kind { VALID, INVALID, DUPLICATE, CORRECTION, CANCELLATION }
}
