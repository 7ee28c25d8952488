package br.com.etlvendas.cli;

import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.load.postgres.WarehouseQueries;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.serve.KpiTotalsView;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Accounts for one source's records: every line it published must be in the warehouse, rejected to the
 * DLQ, or dropped as a duplicate. Waits until the books balance or the timeout passes.
 */
final class Reconciler {

    private final WarehouseQueries warehouse;
    private final KpiTotalsView kpis;

    Reconciler(WarehouseQueries warehouse, KpiTotalsView kpis) {
        this.warehouse = warehouse;
        this.kpis = kpis;
    }

    /** Where the lines of {@code source} are now. */
    Accounting measure(String source) {
        try {
            WarehouseQueries.SourceTotals wh = warehouse.totalsForSource(source);
            KpiTotalsView.KpiSummary kpi = kpis.total(t -> t.source().equals(source));
            return new Accounting(wh.lines(), wh.revenue(), kpi.rejectedLines(), kpi.duplicateLines());
        } catch (SQLException e) {
            LoggerFactory.getLogger(Reconciler.class).warn("Cannot read warehouse totals yet: {}", e.getMessage());
            return new Accounting(0, Money.ZERO, 0, 0);
        }
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

    /** Lines of one source: loaded (with their revenue, completed sales only), rejected, dropped as duplicates. */
    record Accounting(long loaded, Money revenue, long rejected, long duplicates) {
        long total() {
            return loaded + rejected + duplicates;
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
                    ledger.revenue().normalized(), revenueMatches() ? "OK" : "MISMATCH");
        }
    }
}
