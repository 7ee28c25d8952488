package br.com.etlvendas.transform;

import br.com.etlvendas.sale.RawSale;

/**
 * A record read from {@code sales.raw}: its exact bytes, kept for the DLQ, what they say, and whether it is a
 * replay of a DLQ record ({@code dlq replay}), whose lines the books count as entering again.
 */
record Received(byte[] payload, RawSale raw, boolean replayed) {

    Received(byte[] payload, RawSale raw) {
        this(payload, raw, false);
    }
}
