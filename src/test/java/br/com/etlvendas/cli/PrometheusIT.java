package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.embedded.FreePort;
import br.com.etlvendas.it.EmbeddedStack;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (Debian's {@code prometheus}) scrapes the running pipeline's {@code /metrics} every second while
 * generated sales flow; its HTTP API then answers that the target is up and that the loaded lines it scraped equal the
 * warehouse's count. Skipped only where the binary is missing outside CI; in CI ({@code CI} set) it must run.
 */
@ExtendWith(EmbeddedStack.class)
class PrometheusIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = "etl-vendas";

    private Process prometheus;

    @AfterEach
    void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();   // SIGTERM: Prometheus shuts down cleanly
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldLetARealPrometheusScrapeTheLoadedLinesTheWarehouseHolds() throws Exception {
        File binary = prometheusBinary();
        Assumptions.assumeTrue(binary != null || System.getenv("CI") != null,
                "the prometheus binary is not installed (apt-get install prometheus; ./run-tests installs it)");
        assertThat(binary).as("prometheus binary on the PATH (CI installs it through ./run-tests)").isNotNull();

        // given a running pipeline, and Prometheus scraping its /metrics every second
        LoadedConfig config = EmbeddedStack.configFor("prometheus", String.join("\n",
                "    sales-per-second: 2000",
                "    invalid-fraction: 0.05",
                "    duplicate-fraction: 0.05",
                "    seed: 20261130"));
        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra)) {
            int port = runtime.dashboard().port();
            String prometheusUrl = startPrometheus(binary, port);
            // when sales flow through to the warehouse
            GeneratedRun generated = GeneratedRun.accountedFor(runtime, config, infra, "prom-run", 800);
            long warehouseLines = warehouseLines(infra, generated.source());
            assertThat(warehouseLines).isPositive();

            // then Prometheus has the target up and the warehouse's count, as a reconciliation figure and a counter
            String loaded = "etl_reconciliation_lines{figure=\"loaded\",source=\"" + generated.source() + "\"}";
            String loadCounter = "etl_lines_total{stage=\"load\",job=\"" + JOB + "\"}";
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Double up = null;
            Double scrapedLoaded = null;
            Double scrapedCounter = null;
            while (System.nanoTime() < deadline) {
                up = query(prometheusUrl, "up{job=\"" + JOB + "\"}");
                scrapedLoaded = query(prometheusUrl, loaded);
                scrapedCounter = query(prometheusUrl, loadCounter);
                if (up != null && up == 1 && scrapedLoaded != null && scrapedLoaded == warehouseLines
                        && scrapedCounter != null && scrapedCounter == warehouseLines) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(up).as("up{job=%s} in Prometheus", JOB).isEqualTo(1.0);
            assertThat(scrapedLoaded).as(loaded + " in Prometheus").isEqualTo((double) warehouseLines);
            assertThat(scrapedCounter).as(loadCounter + " in Prometheus").isEqualTo((double) warehouseLines);
            assertThat(query(prometheusUrl, "etl_dlq_records_total{stage=\"validate\",source=\"" + generated.source() + "\"}"))
                    .as("invalid records in the DLQ, by stage").isPositive();
            assertThat(query(prometheusUrl, "etl_load_latency_seconds_count")).as("load latency observations").isPositive();
            assertThat(query(prometheusUrl, "count(etl_consumer_lag_records{consumer=\"streams\"})"))
                    .as("Kafka Streams' lag per partition of sales.raw").isEqualTo(3.0);
            assertThat(query(prometheusUrl, "count(etl_consumer_lag_records{consumer=\"loader\"})"))
                    .as("the loader's lag per partition of sales.clean").isEqualTo(3.0);

            // and the process says it is ready: Kafka, Streams, loader, warehouse and dashboard
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(JSON.readTree(ready.body()).path("components").fieldNames()).toIterable()
                    .contains("kafka", "streams", "loader", "warehouse", "dashboard");
        }
    }

    private String startPrometheus(File binary, int targetPort) throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "prometheus-it-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: " + JOB,
                "    metrics_path: /metrics",
                "    static_configs:",
                "      - targets: [\"127.0.0.1:" + targetPort + "\"]",
                ""));
        int port = FreePort.orPick(0);
        prometheus = new ProcessBuilder(binary.getPath(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        String url = "http://127.0.0.1:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(prometheus.isAlive()).as("prometheus running (log: %s)", dir.resolve("prometheus.log")).isTrue();
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return url;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Prometheus did not become ready within 30 s (log: " + dir.resolve("prometheus.log") + ")");
    }

    /** The value of an instant query that selects one series; null when it selects none. */
    private static Double query(String prometheusUrl, String promQl) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + "/api/v1/query?query="
                + URLEncoder.encode(promQl, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(r.body()).path("data").path("result");
        if (result.isEmpty()) {
            return null;
        }
        assertThat(result.size()).as("series selected by " + promQl + ": " + result).isEqualTo(1);
        return Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private static long warehouseLines(Infrastructure infra, String source) throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl, infra.dbUser, infra.dbPassword.reveal());
             PreparedStatement st = c.prepareStatement("SELECT count(*) FROM sale_line WHERE source = ?")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static File prometheusBinary() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "prometheus");
            if (f.canExecute()) {
                return f;
            }
        }
        return null;
    }
}
