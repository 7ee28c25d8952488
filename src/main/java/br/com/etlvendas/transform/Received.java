package br.com.etlvendas.transform;

import br.com.etlvendas.sale.RawSale;

/** A record read from {@code sales.raw}: its exact bytes, kept for the DLQ, and what they say. */
record Received(byte[] payload, RawSale raw) {
}
