package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;

/** A sale as enrichment passed it on, and how many of its lines the catalogues did not know the product or store of. */
record Enriched(Sale sale, int unknownProductLines, int unknownStoreLines) {

    boolean anyUnknown() {
        return unknownProductLines > 0 || unknownStoreLines > 0;
    }
}
