package br.com.etlvendas.sale;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

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
 * {@code unknownProductLines} and {@code unknownStoreLines} count lines received (duplicates included) whose SKU or
 * store id the enrichment catalogues do not hold: flagged on the line and loaded, never dropped.
 * <p>
 * {@code revenueByCurrency} splits {@code revenue} by the sales' ISO-4217 currency: amounts of different
 * currencies are never added together anywhere else. {@code revenue} is kept as the plain sum for readers of
 * the first format; totals published before currencies were kept have no split ({@link #revenueByCurrencyOrUnknown()}
 * then reports their revenue under {@link #UNKNOWN_CURRENCY}).
 */
public record KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                        long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                        long filteredLines, long replayedLines, long updatedLines, long removedLines, long staleLines,
                        Map<String, Money> revenueByCurrency, long unknownProductLines, long unknownStoreLines) {

    /** ISO-4217's code for "no currency": revenue recorded before totals were kept per currency. */
    public static final String UNKNOWN_CURRENCY = "XXX";

    public KpiTotals {
        revenueByCurrency = revenueByCurrency == null || revenueByCurrency.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(revenueByCurrency));
    }

    /** Totals without enrichment counts. */
    public KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                     long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                     long filteredLines, long replayedLines, long updatedLines, long removedLines, long staleLines,
                     Map<String, Money> revenueByCurrency) {
        this(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, updatedAt,
                filteredLines, replayedLines, updatedLines, removedLines, staleLines, revenueByCurrency, 0, 0);
    }

    /** Totals with no line filtered out, replayed, updated, removed or stale, and no split by currency (the first format). */
    public KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                     long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt) {
        this(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, updatedAt, 0, 0);
    }

    /** Totals from before versions were counted (no updated, removed or stale lines), without a split by currency. */
    public KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                     long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                     long filteredLines, long replayedLines) {
        this(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, updatedAt,
                filteredLines, replayedLines, 0, 0, 0);
    }

    /** Totals without a split by currency. */
    public KpiTotals(String source, int partition, long lines, long orders, Money revenue,
                     long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                     long filteredLines, long replayedLines, long updatedLines, long removedLines, long staleLines) {
        this(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, updatedAt,
                filteredLines, replayedLines, updatedLines, removedLines, staleLines, Map.of());
    }

    public static KpiTotals empty(String source, int partition) {
        return new KpiTotals(source, partition, 0, 0, Money.ZERO, 0, 0, 0, Instant.EPOCH);
    }

    /** The key of this record on the KPI topic. */
    public static String key(String source, int partition) {
        return source + "|" + partition;
    }

    /** Revenue per currency; revenue not split by currency (an older record) is under {@link #UNKNOWN_CURRENCY}. */
    public Map<String, Money> revenueByCurrencyOrUnknown() {
        Money split = Money.ZERO;
        for (Money m : revenueByCurrency.values()) {
            split = split.plus(m);
        }
        Money rest = revenue.minus(split);
        if (rest.amount().signum() == 0) {
            return revenueByCurrency;
        }
        Map<String, Money> all = new TreeMap<>(revenueByCurrency);
        all.merge(UNKNOWN_CURRENCY, rest, Money::plus);
        return Collections.unmodifiableMap(all);
    }

    /** These totals with {@code amount} of {@code currency} more revenue (less, for a negative amount). */
    public KpiTotals plusRevenue(String currency, Money amount) {
        if (amount.amount().signum() == 0) {
            return this;
        }
        return new KpiTotals(source, partition, lines, orders, revenue.plus(amount), rejectedRecords, rejectedLines,
                duplicateLines, updatedAt, filteredLines, replayedLines, updatedLines, removedLines, staleLines,
                revenueSplitWith(currency, amount), unknownProductLines, unknownStoreLines);
    }

    /** The revenue split with {@code amount} of {@code currency} more; this very map when the amount is zero. */
    public Map<String, Money> revenueSplitWith(String currency, Money amount) {
        if (amount.amount().signum() == 0) {
            return revenueByCurrency;
        }
        Map<String, Money> split = new TreeMap<>(revenueByCurrency);
        split.merge(currency, amount, Money::plus);
        return split;
    }

    public KpiTotals plus(KpiTotals o) {
        Map<String, Money> split = new TreeMap<>(revenueByCurrencyOrUnknown());
        o.revenueByCurrencyOrUnknown().forEach((c, m) -> split.merge(c, m, Money::plus));
        return new KpiTotals(source, partition, lines + o.lines, orders + o.orders, revenue.plus(o.revenue),
                rejectedRecords + o.rejectedRecords, rejectedLines + o.rejectedLines,
                duplicateLines + o.duplicateLines, updatedAt.isAfter(o.updatedAt) ? updatedAt : o.updatedAt,
                filteredLines + o.filteredLines, replayedLines + o.replayedLines,
                updatedLines + o.updatedLines, removedLines + o.removedLines, staleLines + o.staleLines, split,
                unknownProductLines + o.unknownProductLines, unknownStoreLines + o.unknownStoreLines);
    }

    public KpiTotals withUpdatedAt(Instant at) {
        return new KpiTotals(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines, duplicateLines, at,
                filteredLines, replayedLines, updatedLines, removedLines, staleLines, revenueByCurrency, unknownProductLines,
                unknownStoreLines);
    }
}
