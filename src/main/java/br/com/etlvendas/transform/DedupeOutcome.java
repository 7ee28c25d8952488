package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Sale;

/**
 * What de-duplication made of one sale record, line by line: every line of the record is exactly one of new,
 * updated (seen with other content), duplicate (seen with the same content) or stale (the record is an older
 * version than one already seen). {@code toLoad} is what goes on to {@code sales.clean}, its revision telling
 * the loader what to do ({@code null} when nothing changed). {@code removedLines} were loaded and are gone from
 * a new whole version; {@code orders} and {@code revenue} are how the KPIs move (negative for a cancellation).
 */
record DedupeOutcome(String source, Sale toLoad, int newLines, int updatedLines, int duplicateLines,
                     int removedLines, int staleLines, int orders, Money revenue) {
}
