package br.com.etlvendas.serve;

import br.com.etlvendas.config.Secret;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /ready} and {@code /metrics} on a real HTTP server, behind the dashboard's guard with a token configured. */
class OperationsRoutesTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Javalin app;
    private PipelineMetrics metrics;

    private String start(Readiness readiness) {
        metrics = MetricsSamples.metrics();
        OperationsRoutes routes = new OperationsRoutes(metrics, readiness);
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            new AccessGuard(Secret.of("a-token-of-sixteen-chars-or-more"), 0).install(c);
            routes.register(c);
        }).start();
        return "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswer200WithEveryComponentWhenAllAreReady() throws Exception {
        String base = start(new Readiness()
                .add("kafka", () -> Readiness.Status.ready("1 broker(s) reachable"))
                .add("streams", () -> Readiness.Status.ready("RUNNING")));

        HttpResponse<String> r = get(base + OperationsRoutes.READY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"status\":\"READY\"").contains("\"kafka\":{").contains("\"streams\":{")
                .doesNotContain("notReady");
    }

    @Test
    void shouldAnswer503NamingTheComponentsThatAreNotReadyAndWhy() throws Exception {
        String base = start(new Readiness()
                .add("kafka", () -> Readiness.Status.ready("1 broker(s) reachable"))
                .add("loader", () -> Readiness.Status.notReady("FAILED: disk full"))
                .add("warehouse", () -> {
                    throw new java.sql.SQLException("Connection refused");
                }));

        HttpResponse<String> r = get(base + OperationsRoutes.READY);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"status\":\"NOT_READY\"").contains("\"notReady\":[\"loader\",\"warehouse\"]")
                .contains("FAILED: disk full").contains("SQLException: Connection refused");
    }

    @Test
    void shouldServeMetricsInPrometheusTextFormat() throws Exception {
        String base = start(new Readiness());

        HttpResponse<String> r = get(base + OperationsRoutes.METRICS);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body()).contains("# HELP etl_lines_total").contains("etl_lines_total{source=\"erp\",stage=\"extract\"}");
    }
}
