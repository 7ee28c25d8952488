package br.com.etlvendas.transform;

import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;

/**
 * A change to the running totals of one source, produced by one record at one step; revenue is in {@code currency}.
 * Lines, orders and revenue move by the difference a record made (negative when a newer version removes lines or
 * cancels the sale).
 */
record KpiDelta(String source, long lines, long orders, Money revenue, String currency, long rejectedRecords,
                long rejectedLines, long duplicateLines, long filteredLines, long replayedLines, long updatedLines,
                long removedLines, long staleLines, long unknownProductLines, long unknownStoreLines) {

    KpiDelta(String source, long lines, long orders, Money revenue, String currency, long rejectedRecords,
             long rejectedLines, long duplicateLines, long filteredLines, long replayedLines, long updatedLines,
             long removedLines, long staleLines) {
        this(source, lines, orders, revenue, currency, rejectedRecords, rejectedLines, duplicateLines, filteredLines,
                replayedLines, updatedLines, removedLines, staleLines, 0, 0);
    }

    /** A change with no revenue currency, no line filtered out, replayed, updated, removed or stale. */
    KpiDelta(String source, long lines, long orders, Money revenue, long rejectedRecords, long rejectedLines,
             long duplicateLines) {
        this(source, lines, orders, revenue, null, rejectedRecords, rejectedLines, duplicateLines, 0, 0, 0, 0, 0);
    }

    static KpiDelta loaded(DedupeOutcome o) {
        String currency = o.toLoad() == null ? null : o.toLoad().currency();
        return new KpiDelta(o.source(), o.newLines() - o.removedLines(), o.orders(), o.revenue(), currency, 0, 0,
                o.duplicateLines(), 0, 0, o.updatedLines(), o.removedLines(), o.staleLines());
    }

    static KpiDelta rejected(String source, int lineCount) {
        return new KpiDelta(source, 0, 0, Money.ZERO, 1, lineCount, 0);
    }

    /** Lines of a valid sale that a transformation step filtered out. */
    static KpiDelta filtered(String source, int lines) {
        return new KpiDelta(source, 0, 0, Money.ZERO, null, 0, 0, 0, lines, 0, 0, 0, 0);
    }

    /** A record read again from the DLQ ({@code dlq replay}): its lines enter the books a second time. */
    static KpiDelta replayed(String source, int lineCount) {
        return new KpiDelta(source, 0, 0, Money.ZERO, null, 0, 0, 0, 0, lineCount, 0, 0, 0);
    }

    /** Lines whose product or store the enrichment catalogues do not hold (flagged on the line, loaded all the same). */
    static KpiDelta unknownToCatalogues(String source, int unknownProductLines, int unknownStoreLines) {
        return new KpiDelta(source, 0, 0, Money.ZERO, null, 0, 0, 0, 0, 0, 0, 0, 0, unknownProductLines, unknownStoreLines);
    }

    /** {@code t} moved by this delta, built once (KPI totals move on every record). */
    KpiTotals addTo(KpiTotals t) {
        return new KpiTotals(t.source(), t.partition(), t.lines() + lines, t.orders() + orders, t.revenue().plus(revenue),
                t.rejectedRecords() + rejectedRecords, t.rejectedLines() + rejectedLines,
                t.duplicateLines() + duplicateLines, t.updatedAt(), t.filteredLines() + filteredLines,
                t.replayedLines() + replayedLines, t.updatedLines() + updatedLines, t.removedLines() + removedLines,
                t.staleLines() + staleLines,
                t.revenueSplitWith(currency == null ? KpiTotals.UNKNOWN_CURRENCY : currency, revenue),
                t.unknownProductLines() + unknownProductLines, t.unknownStoreLines() + unknownStoreLines);
    }
}
