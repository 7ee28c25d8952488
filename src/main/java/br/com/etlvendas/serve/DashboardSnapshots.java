package br.com.etlvendas.serve;

import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.serve.KpiTotalsView.KpiSummary;
import br.com.etlvendas.serve.WarehouseApi.Grouping;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the dashboard page shows, in one answer: warehouse figures for a filter (read in one transaction, so
 * they agree with each other and with SQL at that moment) and the pipeline's live figures from the in-process KPI
 * totals, the rates and the health map.
 */
final class DashboardSnapshots {

    static final int TOP_PRODUCTS = 10;

    /** A source whose totals have not moved for this long is shown as idle. */
    static final Duration SOURCE_IDLE = Duration.ofSeconds(30);

    private final WarehouseApi warehouse;
    private final KpiTotalsView kpis;
    private final Supplier<Map<String, Object>> health;
    private final PipelineRates rates;
    private final Clock clock;
    private final Supplier<List<FileEvent>> recentFiles;

    DashboardSnapshots(WarehouseApi warehouse, KpiTotalsView kpis, Supplier<Map<String, Object>> health,
                       PipelineRates rates, Clock clock, Supplier<List<FileEvent>> recentFiles) {
        this.recentFiles = recentFiles;
        this.warehouse = warehouse;
        this.kpis = kpis;
        this.health = health;
        this.rates = rates;
        this.clock = clock;
    }

    /** The page's view of {@code filter}, with revenue over time in {@code bucket}s. */
    Map<String, Object> snapshot(WarehouseFilter filter, Grouping bucket) throws SQLException {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, warehouse.zone());
        WarehouseFilter todays = filter.during(today.atStartOfDay(warehouse.zone()).toInstant(),
                today.plusDays(1).atStartOfDay(warehouse.zone()).toInstant());
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("generatedAt", now.toString());
        s.put("zone", warehouse.zone().getId());
        s.put("today", today.toString());
        s.put("filters", filter.asParameters());
        s.put("bucket", bucket.label());
        warehouse.read(c -> {
            s.put("loadedVersion", warehouse.loadedVersion(c));
            s.put("todayTotals", warehouse.kpis(c, todays, null));
            s.put("rangeTotals", warehouse.kpis(c, filter, null));
            s.put("revenueOverTime", warehouse.kpis(c, filter, bucket));
            s.put("topProducts", warehouse.topProducts(c, filter, TOP_PRODUCTS));
            s.put("byState", warehouse.kpis(c, filter, Grouping.STATE));
            s.put("byChannel", warehouse.kpis(c, filter, Grouping.CHANNEL));
            s.put("byPayment", warehouse.kpis(c, filter, Grouping.PAYMENT));
            return null;
        });
        s.put("pipeline", pipeline(filter.source(), now));
        return s;
    }

    /** The live figures: over every source, or over one when the filter names it. */
    Map<String, Object> pipeline(Optional<String> source, Instant now) {
        KpiSummary total = source.map(name -> kpis.total(t -> t.source().equals(name))).orElseGet(kpis::total);
        Map<String, Object> p = new LinkedHashMap<>();
        long received = total.lines() + total.rejectedLines() + total.duplicateLines() + total.filteredLines();
        p.put("lines", total.lines());
        p.put("rejectedRecords", total.rejectedRecords());
        p.put("rejectedLines", total.rejectedLines());
        p.put("dlqLines", total.dlqLines());
        p.put("duplicateLines", total.duplicateLines());
        p.put("rejectedRate", received == 0 ? 0.0 : (double) total.rejectedLines() / received);
        p.put("updatedAt", total.updatedAt() == null ? null : total.updatedAt().toString());
        p.put("ratesPerSecond", rates.current());
        List<Map<String, Object>> sources = kpis.bySource().stream()
                .filter(s -> source.map(name -> s.source().equals(name)).orElse(true))
                .map(s -> sourceState(s, now)).toList();
        p.put("sources", sources);
        p.put("health", health.get());
        p.put("files", recentFiles.get().stream().map(DashboardSnapshots::fileState).toList());
        return p;
    }

    private static Map<String, Object> fileState(FileEvent f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uri", f.uri());
        m.put("status", f.status().name());
        m.put("rows", f.rowsDone());
        m.put("rejectedRows", f.rowsRejected());
        m.put("message", f.message() == null ? "" : f.message());
        m.put("at", f.at() == null ? null : f.at().toString());
        return m;
    }

    private static Map<String, Object> sourceState(KpiSummary s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("lines", s.lines());
        m.put("rejectedLines", s.rejectedLines());
        m.put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
        boolean active = s.updatedAt() != null && Duration.between(s.updatedAt(), now).compareTo(SOURCE_IDLE) <= 0;
        m.put("state", active ? "ACTIVE" : "IDLE");
        return m;
    }
}
