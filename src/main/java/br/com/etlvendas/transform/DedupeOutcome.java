package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;

/**
 * What de-duplication made of one sale record: the sale with only its new lines ({@code null} when every
 * line had been seen), how many lines were dropped, and whether the sale id was new.
 */
record DedupeOutcome(String source, Sale newLines, int duplicateLines, boolean newOrder) {
}
