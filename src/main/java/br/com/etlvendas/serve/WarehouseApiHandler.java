package br.com.etlvendas.serve;

import br.com.etlvendas.extract.dlq.DlqFilter;
import br.com.etlvendas.extract.dlq.DlqReader;
import br.com.etlvendas.extract.dlq.DlqRecord;
import br.com.etlvendas.serve.WarehouseApi.Grouping;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The query API over the warehouse and the DLQ, its OpenAPI document and the API explorer:
 * <ul>
 *   <li>{@code GET /api/warehouse/kpis?by=hour&from=&to=&store=&state=&channel=&source=}: KPIs per currency, by
 *   time bucket or dimension;</li>
 *   <li>{@code GET /api/warehouse/sales?page=1&size=50&…}: lines, newest first, paged;</li>
 *   <li>{@code GET /api/warehouse/top-products?n=10&…}, {@code GET /api/warehouse/stores?limit=100&…};</li>
 *   <li>{@code GET /api/dashboard?bucket=hour&…}: the dashboard page's whole view, as {@code /api/stream} pushes it;</li>
 *   <li>{@code GET /api/dlq?limit=20&stage=&source=&reason=}: the newest DLQ records with their reasons;</li>
 *   <li>{@code GET /openapi.json} and {@code GET /api-docs} (Swagger UI served from the jar).</li>
 * </ul>
 * Every bad parameter answers 400 naming it; a warehouse that cannot be reached answers 503.
 */
public final class WarehouseApiHandler {

    private static final Logger log = LoggerFactory.getLogger(WarehouseApiHandler.class);

    static final int MAX_PAGE_SIZE = 500;
    static final int MAX_PAGE = 100_000;
    static final int MAX_TOP = 100;
    static final int MAX_STORES = 1000;
    static final int MAX_DLQ = 500;
    /** DLQ reads scan the topic: one read serves every request for this long. */
    private static final Duration DLQ_CACHE = Duration.ofSeconds(2);
    private static final int PAYLOAD_PREVIEW = 2000;

    private final WarehouseApi warehouse;
    private final DashboardSnapshots snapshots;
    private final DlqReader dlq;
    private final String openApi;
    private List<DlqRecord> dlqRead;
    private Instant dlqReadAt = Instant.EPOCH;

    WarehouseApiHandler(WarehouseApi warehouse, DashboardSnapshots snapshots, DlqReader dlq) {
        this.warehouse = warehouse;
        this.snapshots = snapshots;
        this.dlq = dlq;
        this.openApi = resource("/openapi.json");
    }

    void register(JavalinConfig c) {
        c.routes.get("/api/warehouse/kpis", ctx -> answer(ctx, p -> {
            Grouping by = p.choice("by", Grouping.class, Grouping::label, null);
            WarehouseFilter filter = p.filter();
            List<WarehouseApi.KpiRow> rows = warehouse.read(con -> warehouse.kpis(con, filter, by));
            Map<String, Object> m = head(filter);
            m.put("by", by == null ? null : by.label());
            m.put("rows", rows);
            return m;
        }));
        c.routes.get("/api/warehouse/sales", ctx -> answer(ctx, p -> {
            int page = p.integer("page", 1, 1, MAX_PAGE);
            int size = p.integer("size", 50, 1, MAX_PAGE_SIZE);
            WarehouseFilter filter = p.filter();
            WarehouseApi.SalesPage sales = warehouse.read(con -> warehouse.sales(con, filter, page, size));
            Map<String, Object> m = head(filter);
            m.put("page", sales.page());
            m.put("size", sales.size());
            m.put("total", sales.total());
            m.put("items", sales.items());
            return m;
        }));
        c.routes.get("/api/warehouse/top-products", ctx -> answer(ctx, p -> {
            int n = p.integer("n", 10, 1, MAX_TOP);
            WarehouseFilter filter = p.filter();
            Map<String, Object> m = head(filter);
            m.put("n", n);
            m.put("products", warehouse.read(con -> warehouse.topProducts(con, filter, n)));
            return m;
        }));
        c.routes.get("/api/warehouse/stores", ctx -> answer(ctx, p -> {
            int limit = p.integer("limit", 100, 1, MAX_STORES);
            WarehouseFilter filter = p.filter();
            Map<String, Object> m = head(filter);
            m.put("limit", limit);
            m.put("stores", warehouse.read(con -> warehouse.stores(con, filter, limit)));
            return m;
        }));
        c.routes.get("/api/dashboard", ctx -> answer(ctx, p -> {
            Grouping bucket = bucket(p);
            return snapshots.snapshot(p.filter(), bucket);
        }));
        c.routes.get("/api/dlq", ctx -> answer(ctx, this::dlqRecords));
        c.routes.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));
        c.routes.get("/api-docs", ctx -> ctx.redirect("/api-docs.html", HttpStatus.FOUND));
    }

    /** The time bucket of a dashboard view: minute, hour or day (hour when absent). */
    static Grouping bucket(ApiParameters p) {
        Grouping g = p.choice("bucket", Grouping.class, Grouping::label, Grouping.HOUR);
        if (!g.isTime()) {
            throw new BadParameter("bucket", "must be one of minute, hour, day, got '" + g.label() + "'");
        }
        return g;
    }

    private Map<String, Object> head(WarehouseFilter filter) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("zone", warehouse.zone().getId());
        m.put("filters", filter.asParameters());
        return m;
    }

    private Map<String, Object> dlqRecords(ApiParameters p) {
        int limit = p.integer("limit", 20, 1, MAX_DLQ);
        DlqFilter filter = new DlqFilter(p.text("stage"), p.text("reason"), p.text("source"), Optional.empty(), Set.of());
        List<DlqRecord> all = dlqRecords();
        List<DlqRecord> matching = all.stream().filter(filter::matches).toList();
        Map<String, Long> byStage = new TreeMap<>();
        matching.forEach(r -> byStage.merge(String.valueOf(r.stage()), 1L, Long::sum));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", matching.size());
        m.put("byStage", byStage);
        List<Map<String, Object>> newestFirst = new ArrayList<>();
        for (int i = matching.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            newestFirst.add(dlqView(matching.get(i)));
        }
        m.put("records", newestFirst);
        return m;
    }

    private synchronized List<DlqRecord> dlqRecords() {
        Instant now = Instant.now();
        if (dlqRead == null || Duration.between(dlqReadAt, now).compareTo(DLQ_CACHE) > 0) {
            dlqRead = dlq.read(DlqFilter.all());
            dlqReadAt = now;
        }
        return dlqRead;
    }

    private static Map<String, Object> dlqView(DlqRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("stage", r.stage());
        m.put("reasons", r.reasons());
        m.put("source", r.source());
        m.put("origin", r.origin());
        m.put("sourceOrigin", r.sourceOrigin());
        m.put("lines", r.lineCount());
        m.put("rejectedAt", r.rejectedAt().map(Instant::toString).orElse(null));
        m.put("replayOf", r.replayOf().orElse(null));
        String payload = r.payload() == null ? "" : new String(r.payload(), StandardCharsets.UTF_8);
        m.put("payload", payload.length() > PAYLOAD_PREVIEW ? payload.substring(0, PAYLOAD_PREVIEW) + "…" : payload);
        return m;
    }

    /** What an endpoint answers for valid parameters. */
    @FunctionalInterface
    interface Answer {
        Object of(ApiParameters p) throws SQLException;
    }

    private void answer(Context ctx, Answer answer) {
        try {
            ctx.json(answer.of(parameters(ctx, warehouse)));
        } catch (BadParameter e) {
            e.answer(ctx);
        } catch (SQLException e) {
            log.warn("warehouse query for {} failed: {}", ctx.path(), e.getMessage());
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", "warehouse unavailable",
                    "message", String.valueOf(e.getMessage())));
        }
    }

    /** The first value of each query parameter. */
    static ApiParameters parameters(Context ctx, WarehouseApi warehouse) {
        Map<String, String> first = new HashMap<>();
        ctx.queryParamMap().forEach((k, v) -> {
            if (!v.isEmpty()) {
                first.put(k, v.get(0));
            }
        });
        return new ApiParameters(first, warehouse.zone());
    }

    private static String resource(String path) {
        try (InputStream in = WarehouseApiHandler.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
