package br.com.etlvendas.transform;

import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;

/** A change to the running totals of one source, produced by one record at one step; revenue is in {@code currency}. */
record KpiDelta(String source, long lines, long orders, Money revenue, String currency, long rejectedRecords,
                long rejectedLines, long duplicateLines, long filteredLines, long replayedLines) {

    /** A change with no revenue currency, no line filtered out and none replayed. */
    KpiDelta(String source, long lines, long orders, Money revenue, long rejectedRecords, long rejectedLines,
             long duplicateLines) {
        this(source, lines, orders, revenue, null, rejectedRecords, rejectedLines, duplicateLines, 0, 0);
    }

    static KpiDelta loaded(DedupeOutcome o) {
        long lines = o.newLines() == null ? 0 : o.newLines().lines().size();
        Money revenue = o.newLines() == null ? Money.ZERO : o.newLines().revenue();
        String currency = o.newLines() == null ? null : o.newLines().currency();
        boolean countsAsOrder = o.newOrder() && o.newLines() != null && o.newLines().countsAsRevenue();
        String source = o.source();
        return new KpiDelta(source, lines, countsAsOrder ? 1 : 0, revenue, currency, 0, 0, o.duplicateLines(), 0, 0);
    }

    static KpiDelta rejected(String source, int lineCount) {
        return new KpiDelta(source, 0, 0, Money.ZERO, 1, lineCount, 0);
    }

    /** Lines of a valid sale that a transformation step filtered out. */
    static KpiDelta filtered(String source, int lines) {
        return new KpiDelta(source, 0, 0, Money.ZERO, null, 0, 0, 0, lines, 0);
    }

    /** A record read again from the DLQ ({@code dlq replay}): its lines enter the books a second time. */
    static KpiDelta replayed(String source, int lineCount) {
        return new KpiDelta(source, 0, 0, Money.ZERO, null, 0, 0, 0, 0, lineCount);
    }

    KpiTotals addTo(KpiTotals t) {
        KpiTotals counted = new KpiTotals(t.source(), t.partition(), t.lines() + lines, t.orders() + orders, t.revenue(),
                t.rejectedRecords() + rejectedRecords, t.rejectedLines() + rejectedLines,
                t.duplicateLines() + duplicateLines, t.updatedAt(), t.filteredLines() + filteredLines,
                t.replayedLines() + replayedLines, t.revenueByCurrency());
        return counted.plusRevenue(currency == null ? KpiTotals.UNKNOWN_CURRENCY : currency, revenue);
    }
}
