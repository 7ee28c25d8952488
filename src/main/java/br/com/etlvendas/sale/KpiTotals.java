package br.com.etlvendas.sale;

import java.time.Instant;

/**
 * Running totals of one source on one partition of {@code sales.raw}, as published on the KPI topic.
 * Totals of the whole pipeline are the sum over keys. {@code lines} and {@code revenue} count loaded
 * (new) lines, and revenue only those of completed sales; {@code orders} counts distinct completed sale
 * ids seen within the de-duplication window;
 * rejected and duplicate figures count lines (an unreadable or empty record counts as one);
 * {@code filteredLines} counts valid lines a {@code filter} transformation step left out on purpose.
 * {@code replayedLines} counts lines read again from the DLQ by {@code dlq replay}: lines in are the source's
 * published lines plus these, lines out are loaded + rejected + duplicates + filtered, and the lines still waiting
 * in the DLQ are {@code rejectedLines - replayedLines}.
 */
public record KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                        long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                        long filteredLines, long replayedLines) {

    /** Totals with no line filtered out and none replayed (as before transformation steps and DLQ replays). */
    public KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                     long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt) {
        this(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, updatedAt, 0, 0);
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
                filteredLines + o.filteredLines, replayedLines + o.replayedLines);
    }

    public KpiTotals withUpdatedAt(Instant at) {
        return new KpiTotals(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, at,
                filteredLines, replayedLines);
    }
}
