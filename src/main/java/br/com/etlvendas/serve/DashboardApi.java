package br.com.etlvendas.serve;

import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.extract.dlq.DlqReader;
import br.com.etlvendas.sale.SaleJson;
import io.javalin.config.JavalinConfig;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard's data: the query API over the warehouse and the DLQ ({@link WarehouseApiHandler}), the live
 * stream ({@link DashboardStream}) and the OpenAPI document, registered on the dashboard server as one
 * {@link DashboardServer.Routes}. Reads the warehouse through {@code warehouse} in read-only transactions.
 */
public final class DashboardApi implements AutoCloseable {

    private final WarehouseApiHandler handler;
    private final DashboardStream stream;

    /**
     * @param zone the zone of "today", of bare dates in filters and of the time buckets
     * @param health the process's health map, shown in the pipeline panel
     * @param tick   how often the stream checks for changes and pushes snapshots
     */
    public DashboardApi(DataSource warehouse, ZoneId zone, KpiTotalsView kpis, Supplier<Map<String, Object>> health,
                        DlqReader dlq, Clock clock, Duration tick) {
        this(warehouse, zone, kpis, health, dlq, List::of, clock, tick);
    }

    /** @param recentFiles the source files seen last, newest first, for the pipeline panel */
    public DashboardApi(DataSource warehouse, ZoneId zone, KpiTotalsView kpis, Supplier<Map<String, Object>> health,
                        DlqReader dlq, Supplier<List<FileEvent>> recentFiles, Clock clock, Duration tick) {
        WarehouseApi api = new WarehouseApi(warehouse, zone);
        PipelineRates rates = new PipelineRates();
        DashboardSnapshots snapshots = new DashboardSnapshots(api, kpis, health, rates, clock, recentFiles);
        this.handler = new WarehouseApiHandler(api, snapshots, dlq);
        this.stream = new DashboardStream(api, snapshots, kpis, health, rates, SaleJson.mapper(), clock, tick).start();
    }

    /** Registers the routes; usable as {@link DashboardServer.Routes}. */
    public void register(JavalinConfig c) {
        handler.register(c);
        stream.register(c);
    }

    @Override
    public void close() {
        stream.close();
    }
}
