package br.com.etlvendas.cli;

import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.load.postgres.WarehouseQueries;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.serve.KpiTotalsView;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Accounts for one source's records: every line it published must be in the warehouse, rejected to the
 * DLQ (by validation, or refused by the warehouse itself), or dropped as a duplicate. Waits until the books
 * balance or the timeout passes.
 */
final class Reconciler {

    /** How often the DLQ is read for lines the warehouse refused, while waiting for the books to balance. */
    private static final long REFUSALS_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final WarehouseQueries warehouse;
    private final KpiTotalsView kpis;
    private final ToLongFunction<String> refusedByWarehouse;
    private long refusedReadAt;
    private long refused;

    /** Counting only what the pipeline rejected (the warehouse refusing a validated sale is left out). */
    Reconciler(WarehouseQueries warehouse, KpiTotalsView kpis) {
        this(warehouse, kpis, source -> 0);
    }

    /** @param refusedByWarehouse lines of a source the warehouse refused, e.g. {@link RejectionReport#linesRefusedByWarehouse} */
    Reconciler(WarehouseQueries warehouse, KpiTotalsView kpis, ToLongFunction<String> refusedByWarehouse) {
        this.warehouse = warehouse;
        this.kpis = kpis;
        this.refusedByWarehouse = refusedByWarehouse;
        this.refusedReadAt = System.nanoTime() - REFUSALS_EVERY_NANOS;
    }

    /** Where the lines of {@code source} are now. */
    Accounting measure(String source) {
        try {
            WarehouseQueries.SourceTotals wh = warehouse.totalsForSource(source);
            KpiTotalsView.KpiSummary kpi = kpis.total(t -> t.source().equals(source));
            return new Accounting(wh.lines(), wh.revenue(), kpi.rejectedLines(), refused(source), kpi.duplicateLines());
        } catch (SQLException e) {
            LoggerFactory.getLogger(Reconciler.class).warn("Cannot read warehouse totals yet: {}", e.getMessage());
            return new Accounting(0, Money.ZERO, 0, 0, 0);
        }
    }

    private long refused(String source) {
        if (System.nanoTime() - refusedReadAt >= REFUSALS_EVERY_NANOS) {
            refused = refusedByWarehouse.applyAsLong(source);
            refusedReadAt = System.nanoTime();
        }
        return refused;
    }

    /** Measures until {@code balanced} holds or the timeout passes; returns the last measure. */
    Accounting await(String source, Predicate<Accounting> balanced, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Accounting a = measure(source);
        while (!balanced.test(a) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            a = measure(source);
        }
        return a;
    }

    /** A generator run checked against its ledger, revenue included. */
    Result awaitBalanced(String source, GeneratorLedger.Snapshot ledger, Duration timeout) throws InterruptedException {
        return new Result(ledger, await(source, a -> new Result(ledger, a).balanced(), timeout));
    }

    /**
     * Lines of one source: loaded (with their revenue, completed sales only), rejected (by validation, plus
     * {@code refusedByWarehouse} the warehouse refused after validation), dropped as duplicates.
     */
    record Accounting(long loaded, Money revenue, long rejectedByPipeline, long refusedByWarehouse, long duplicates) {

        /** Every rejected line, wherever it was rejected. */
        long rejected() {
            return rejectedByPipeline + refusedByWarehouse;
        }

        long total() {
            return loaded + rejected() + duplicates;
        }

        /** Said after a reconciliation line when the warehouse refused lines, so the rejected count is explained. */
        String refusalNote() {
            return refusedByWarehouse == 0 ? ""
                    : String.format(" (rejected includes %d refused by the warehouse after validation)", refusedByWarehouse);
        }
    }

    record Result(GeneratorLedger.Snapshot ledger, Accounting accounting) {

        boolean linesBalance() {
            return accounting.total() == ledger.lines();
        }

        boolean revenueMatches() {
            return accounting.revenue().sameAmountAs(ledger.revenue());
        }

        boolean balanced() {
            return linesBalance() && revenueMatches();
        }

        String line() {
            return String.format("reconciliation: generated=%d records=%d loaded=%d rejected=%d duplicates=%d "
                            + "loaded+rejected+duplicates=%d (%s) warehouse_revenue=%s ledger_revenue=%s (%s)",
                    ledger.lines(), ledger.records(), accounting.loaded(), accounting.rejected(), accounting.duplicates(),
                    accounting.total(), linesBalance() ? "OK" : "MISMATCH", accounting.revenue().normalized(),
                    ledger.revenue().normalized(), revenueMatches() ? "OK" : "MISMATCH") + accounting.refusalNote();
        }
    }
}
