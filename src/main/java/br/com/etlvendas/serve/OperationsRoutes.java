package br.com.etlvendas.serve;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations endpoints of the dashboard server: {@code /metrics} in Prometheus' text format
 * ({@link PipelineMetrics}) and {@code /ready}, 200 when every component of the process is ready and 503 naming
 * the ones that are not. {@code /health} (liveness) stays the dashboard's own. Who may call them is
 * {@link AccessGuard}'s: {@code /ready} is open like {@code /health}; {@code /metrics} needs the token, except from
 * this machine's loopback.
 */
public final class OperationsRoutes {

    public static final String METRICS = "/metrics";
    public static final String READY = "/ready";
    static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private final PipelineMetrics metrics;
    private final Readiness readiness;

    public OperationsRoutes(PipelineMetrics metrics, Readiness readiness) {
        this.metrics = metrics;
        this.readiness = readiness;
    }

    public void register(JavalinConfig c) {
        c.routes.get(METRICS, this::metrics);
        c.routes.get(READY, this::ready);
    }

    private void metrics(Context ctx) {
        ctx.contentType(TEXT_FORMAT).result(metrics.scrape());
    }

    private void ready(Context ctx) {
        Map<String, Readiness.Status> states = readiness.evaluate();
        Map<String, Object> components = new LinkedHashMap<>();
        List<String> notReady = new ArrayList<>();
        states.forEach((name, s) -> {
            components.put(name, Map.of("ready", s.ready(), "detail", s.detail()));
            if (!s.ready()) {
                notReady.add(name);
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", notReady.isEmpty() ? "READY" : "NOT_READY");
        if (!notReady.isEmpty()) {
            body.put("notReady", notReady);
        }
        body.put("components", components);
        ctx.status(notReady.isEmpty() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
    }
}
