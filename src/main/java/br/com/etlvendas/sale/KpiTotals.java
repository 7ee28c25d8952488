package br.com.etlvendas.sale;

import java.time.Instant;

/**
 * Running totals of one source on one partition of {@code sales.raw}, as published on the KPI topic.
 * Totals of the whole pipeline are the sum over keys. {@code lines} and {@code revenue} are what the warehouse
 * holds: lines loaded less lines removed by a newer version, revenue only of lines of completed sales (a
 * cancellation takes its revenue out); {@code orders} counts distinct sale ids with at least one line of a
 * completed sale, seen within the de-duplication window. Rejected, duplicate, updated and stale figures count
 * lines of the records as published (an unreadable or empty record counts as one); {@code removedLines} counts
 * lines a newer version of their sale no longer had.
 * {@code filteredLines} counts valid lines a {@code filter} transformation step left out on purpose.
 * {@code replayedLines} counts lines read again from the DLQ by {@code dlq replay}: lines in are the source's
 * published lines plus these, lines out are loaded new ({@code lines + removedLines}) + updated + rejected +
 * duplicates + stale + filtered, and the lines still waiting in the DLQ are {@code rejectedLines - replayedLines}.
 */
public record KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                        long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                        long filteredLines, long replayedLines, long updatedLines, long removedLines, long staleLines) {

    /** Totals with no line filtered out, replayed, updated, removed or stale. */
    public KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                     long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt) {
        this(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, updatedAt, 0, 0);
    }

    /** Totals from before versions were counted: no updated, removed or stale lines. */
    public KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                     long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                     long filteredLines, long replayedLines) {
        this(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, updatedAt,
                filteredLines, replayedLines, 0, 0, 0);
    }

    public static KpiTotals empty(String source, int partition) {
        return new KpiTotals(source, partition, 0, 0, Money.ZERO, 0, 0, 0, Instant.EPOCH);
    }

    /** The key of this record on the KPI topic. */
    public static String key(String source, int partition) {
        return source + "|" + partition;
    }

    public KpiTotals plus(KpiTotals o) {
        return new KpiTotals(source, partition, lines + o.lines, orders + o.orders, revenue.plus(o.revenue),
                rejectedRecords + o.rejectedRecords, rejectedLines + o.rejectedLines,
                duplicateLines + o.duplicateLines, updatedAt.isAfter(o.updatedAt) ? updatedAt : o.updatedAt,
                filteredLines + o.filteredLines, replayedLines + o.replayedLines,
                updatedLines + o.updatedLines, removedLines + o.removedLines, staleLines + o.staleLines);
    }

    public KpiTotals withUpdatedAt(Instant at) {
        return new KpiTotals(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, at,
                filteredLines, replayedLines, updatedLines, removedLines, staleLines);
    }
}
