package br.com.etlvendas.serve;

import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Topic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A live, read-only view of {@code sales.kpi.totals}: reads the topic from the beginning (committed
 * records only) and keeps the latest totals per key. The pipeline's totals are the sum over keys.
 */
public final class KpiTotalsView implements Runnable, AutoCloseable {

    private final CompactedTopicView<KpiTotals> view;

    public KpiTotalsView(Topic<String, KpiTotals> topic, String bootstrapServers) {
        this.view = new CompactedTopicView<>(topic, bootstrapServers, "etl-vendas-kpi-view");
    }

    @Override
    public void run() {
        view.run();
    }

    /** The sum over every source and partition. */
    public KpiSummary total() {
        return total(t -> true);
    }

    /** The sum over the totals that match, e.g. one source. */
    public KpiSummary total(Predicate<KpiTotals> filter) {
        KpiTotals sum = KpiTotals.empty("all", -1);
        for (KpiTotals t : view.values()) {
            if (filter.test(t)) {
                sum = sum.plus(t);
            }
        }
        return KpiSummary.of(sum);
    }

    /** Totals per source, largest revenue first. */
    public List<KpiSummary> bySource() {
        Map<String, KpiTotals> perSource = new java.util.HashMap<>();
        for (KpiTotals t : view.values()) {
            perSource.merge(t.source(), t, KpiTotals::plus);
        }
        return perSource.values().stream().map(KpiSummary::of)
                .sorted(Comparator.comparing(KpiSummary::revenue).reversed()).toList();
    }

    @Override
    public void close() {
        view.close();
    }

    /**
     * Totals as the dashboard and API show them, with the average ticket worked out exactly. {@code replayedLines}
     * were read again from the DLQ ({@code dlq replay}); {@code dlqLines} are the rejected lines not replayed since;
     * {@code updatedLines}, {@code removedLines} and {@code staleLines} count lines changed by a newer version of their
     * sale, lines it removed, and lines of versions older than one seen. {@code revenue} is the plain sum over
     * currencies (kept for the reconciliation, which compares it with the warehouse's); {@code revenueByCurrency} is
     * what to show. {@code unknownProductLines} and {@code unknownStoreLines} count lines the enrichment catalogues
     * had no entry for.
     */
    public record KpiSummary(String source, Money revenue, long orders, long lines, Money averageTicket,
                             long rejectedRecords, long rejectedLines, long duplicateLines, Instant updatedAt,
                             long filteredLines, long replayedLines, long dlqLines,
                             long updatedLines, long removedLines, long staleLines, Map<String, Money> revenueByCurrency,
                             long unknownProductLines, long unknownStoreLines) {

        static KpiSummary of(KpiTotals t) {
            Money ticket = t.orders() == 0 ? Money.ZERO
                    : Money.of(t.revenue().amount().divide(java.math.BigDecimal.valueOf(t.orders()), 2, java.math.RoundingMode.HALF_EVEN));
            return new KpiSummary(t.source(), t.revenue(), t.orders(), t.lines(), ticket, t.rejectedRecords(),
                    t.rejectedLines(), t.duplicateLines(), t.updatedAt(), t.filteredLines(), t.replayedLines(),
                    Math.max(0, t.rejectedLines() - t.replayedLines()), t.updatedLines(), t.removedLines(), t.staleLines(),
                    t.revenueByCurrencyOrUnknown(), t.unknownProductLines(), t.unknownStoreLines());
        }
    }
}
