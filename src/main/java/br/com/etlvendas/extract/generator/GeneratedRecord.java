package br.com.etlvendas.extract.generator;

import br.com.etlvendas.sale.Money;

/**
 * One record the generator is about to publish, and what the pipeline must make of it: loaded (with its
 * lines and revenue), rejected, or dropped as a duplicate.
 */
record GeneratedRecord(String key, byte[] payload, Kind kind, int lineCount, Money revenue, String origin) {

    enum Kind { VALID, INVALID, DUPLICATE }
}
