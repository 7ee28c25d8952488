package br.com.etlvendas.serve;

import br.com.etlvendas.config.DashboardConfig;
import br.com.etlvendas.config.ReportingConfig;
import br.com.etlvendas.sale.SaleJson;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The dashboard page and its JSON API over HTTP. Routes are declared in {@link #routing}, which the tests
 * reuse; every answer, errors included, is JSON with an explicit status. Other rooms add their own routes
 * (e.g. the webhook) as {@link Routes}, so this room does not depend on them.
 */
public final class DashboardServer implements AutoCloseable {

    /** Routes another room adds to the server, registered after the dashboard's own. */
    @FunctionalInterface
    public interface Routes {
        void register(JavalinConfig config);
    }

    private final DashboardConfig config;
    private final KpiTotalsView kpis;
    private final CurrencyConverter currencies;
    private final Supplier<Map<String, Object>> health;
    private final List<Routes> extraRoutes;
    private Javalin app;

    public DashboardServer(DashboardConfig config, KpiTotalsView kpis, Supplier<Map<String, Object>> health) {
        this(config, kpis, health, List.of());
    }

    public DashboardServer(DashboardConfig config, KpiTotalsView kpis, Supplier<Map<String, Object>> health,
                           List<Routes> extraRoutes) {
        this(config, kpis, new CurrencyConverter(ReportingConfig.DEFAULT), health, extraRoutes);
    }

    public DashboardServer(DashboardConfig config, KpiTotalsView kpis, CurrencyConverter currencies,
                           Supplier<Map<String, Object>> health, List<Routes> extraRoutes) {
        this.config = config;
        this.kpis = kpis;
        this.currencies = currencies;
        this.health = health;
        this.extraRoutes = List.copyOf(extraRoutes);
    }

    public DashboardServer start() {
        app = Javalin.create(this::routing).start();
        return this;
    }

    void routing(JavalinConfig c) {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.jetty.host = config.host();
        c.jetty.port = config.port();
        c.jsonMapper(new JavalinJackson(SaleJson.mapper(), false));
        new AccessGuard(config.token(), config.requestsPerMinute()).install(c);
        c.staticFiles.add("/public", Location.CLASSPATH);
        c.staticFiles.enableWebjars(); // the charts library and the API explorer, from their WebJars in the jar
        c.routes.get("/api/kpi/totals", this::totals);
        c.routes.get("/api/config/dashboard", ctx -> ctx.json(Map.of("refreshIntervalMs", config.refreshInterval().toMillis())));
        c.routes.get(AccessGuard.HEALTH, this::healthCheck);
        extraRoutes.forEach(r -> r.register(c));
        c.routes.exception(Exception.class, (e, ctx) -> ctx.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .json(Map.of("error", e.getClass().getSimpleName(), "message", String.valueOf(e.getMessage()))));
        c.routes.error(404, ctx -> {
            // by now Javalin has set its own plain-text "Endpoint ... not found" result: replace it
            if (!ctx.res().isCommitted()) {
                ctx.json(Map.of("error", "not found", "path", ctx.path()));
            }
        });
    }

    /** The totals, with their revenue per currency and converted to the reporting currency ({@code reporting}). */
    private void totals(Context ctx) {
        KpiTotalsView.KpiSummary total = kpis.total();
        ctx.json(Map.of("total", total, "bySource", kpis.bySource(),
                "reporting", currencies.report(total.revenueByCurrency(), total.orders())));
    }

    private void healthCheck(Context ctx) {
        Map<String, Object> h = health.get();
        boolean up = "UP".equals(h.get("status"));
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(h);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
            app = null;
        }
    }
}
