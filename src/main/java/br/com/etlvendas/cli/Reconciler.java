package br.com.etlvendas.cli;

import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.load.postgres.WarehouseQueries;
import br.com.etlvendas.serve.KpiTotalsView;

import java.sql.SQLException;
import java.time.Duration;

/**
 * Checks one generator run against the pipeline's outputs: every generated line must be in the
 * warehouse, rejected to the DLQ, or dropped as a duplicate, and the warehouse's revenue for the run must
 * equal the ledger's to the cent. Waits until that holds or the timeout passes.
 */
final class Reconciler {

    private final WarehouseQueries warehouse;
    private final KpiTotalsView kpis;

    Reconciler(WarehouseQueries warehouse, KpiTotalsView kpis) {
        this.warehouse = warehouse;
        this.kpis = kpis;
    }

    Result awaitBalanced(String source, GeneratorLedger.Snapshot ledger, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Result r = measure(source, ledger);
        while (!r.balanced() && System.nanoTime() < deadline) {
            Thread.sleep(250);
            r = measure(source, ledger);
        }
        return r;
    }

    private Result measure(String source, GeneratorLedger.Snapshot ledger) {
        try {
            WarehouseQueries.SourceTotals wh = warehouse.totalsForSource(source);
            KpiTotalsView.KpiSummary kpi = kpis.total(t -> t.source().equals(source));
            return new Result(ledger, wh, kpi.rejectedLines(), kpi.duplicateLines());
        } catch (SQLException e) {
            org.slf4j.LoggerFactory.getLogger(Reconciler.class).warn("Cannot read warehouse totals yet: {}", e.getMessage());
            return new Result(ledger, new WarehouseQueries.SourceTotals(0, 0, br.com.etlvendas.sale.Money.ZERO), 0, 0);
        }
    }

    record Result(GeneratorLedger.Snapshot ledger, WarehouseQueries.SourceTotals warehouse, long rejectedLines,
                  long duplicateLines) {

        long accounted() {
            return warehouse.lines() + rejectedLines + duplicateLines;
        }

        boolean linesBalance() {
            return accounted() == ledger.lines();
        }

        boolean revenueMatches() {
            return warehouse.revenue().sameAmountAs(ledger.revenue());
        }

        boolean balanced() {
            return linesBalance() && revenueMatches();
        }

        String line() {
            return String.format("reconciliation: generated=%d records=%d loaded=%d rejected=%d duplicates=%d "
                            + "loaded+rejected+duplicates=%d (%s) warehouse_revenue=%s ledger_revenue=%s (%s)",
                    ledger.lines(), ledger.records(), warehouse.lines(), rejectedLines, duplicateLines, accounted(),
                    linesBalance() ? "OK" : "MISMATCH", warehouse.revenue().normalized(), ledger.revenue().normalized(),
                    revenueMatches() ? "OK" : "MISMATCH");
        }
    }
}
