package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance of windowed KPIs: after {@code ingest} of the Superstore export, the day windows served at
 * {@code /api/kpi/windows} give, day by day, the revenue and distinct orders a SQL {@code GROUP BY} over the
 * warehouse gives, with days taken in the windows' zone (America/Sao_Paulo) on both sides.
 */
@ExtendWith(EmbeddedStack.class)
class KpiWindowsIngestIT {

    private static final String NAME = "kpi-windows-superstore";
    private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void givenTheSuperstoreIngestWhenDayWindowsAreAskedOverHttpThenEachDayEqualsTheWarehouseGroupBy() throws Exception {
        // given day windows in São Paulo with a grace wide enough for an export in no particular date order
        EmbeddedStack.configFor(NAME, "    enabled: false");
        Path dir = EmbeddedStack.configDir(NAME);
        Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "kpi-windows:",
                "  sizes: [day]",
                "  zone: America/Sao_Paulo",
                "  grace: 3650d",
                "reporting:",
                "  currency: BRL",
                "  rates: {USD: 5.35}",
                ""), StandardOpenOption.APPEND);
        LoadedConfig config = new ConfigLoader(Map.of("IT_S3_ACCESS_KEY", EmbeddedStack.S3_ACCESS_KEY,
                "IT_S3_SECRET_KEY", EmbeddedStack.S3_SECRET_KEY)).load(dir.resolve("etl-config.yml"), dir.resolve("topics.yml"));

        // when the export is ingested, then a process serving the dashboard (and running the pipeline) starts
        CliRun ingest = CliRun.of("ingest", Path.of("samples", "superstore.csv").toString(),
                "--mapping", "config/mappings/superstore.yml",
                "--config", dir.resolve("etl-config.yml").toString(), "--topics", dir.resolve("topics.yml").toString());
        assertThat(ingest.exitCode()).as(ingest.printed()).isZero();
        Map<String, BigDecimal> sqlRevenue = new TreeMap<>();
        Map<String, Long> sqlOrders = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(config.etl().warehouse().jdbcUrl().orElseThrow(),
                config.etl().warehouse().user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_char(date_trunc('day', sold_at, 'America/Sao_Paulo') "
                     + "AT TIME ZONE 'America/Sao_Paulo', 'YYYY-MM-DD') AS day, sum(net_amount), count(DISTINCT sale_id) "
                     + "FROM sale_line WHERE status = 'COMPLETED' AND currency = 'USD' GROUP BY 1")) {
            while (rs.next()) {
                sqlRevenue.put(rs.getString(1), rs.getBigDecimal(2));
                sqlOrders.put(rs.getString(1), rs.getLong(3));
            }
        }
        assertThat(sqlRevenue).as("days in the warehouse").hasSizeGreaterThan(1000);

        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra, EnumSet.of(Role.TRANSFORM, Role.SERVE))) {
            String base = "http://127.0.0.1:" + runtime.dashboard().port();
            Map<String, BigDecimal> apiRevenue = new TreeMap<>();
            Map<String, Long> apiOrders = new TreeMap<>();
            JsonNode answer = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (System.nanoTime() < deadline && !apiRevenue.equals(sqlRevenue)) {
                Thread.sleep(500);
                answer = get(base + "/api/kpi/windows?size=day&dimension=all");
                apiRevenue.clear();
                apiOrders.clear();
                for (JsonNode w : answer.path("windows")) {
                    String day = Instant.parse(w.get("windowStart").asText()).atZone(ZONE).toLocalDate().toString();
                    assertThat(w.get("currency").asText()).isEqualTo("USD");
                    apiRevenue.merge(day, new BigDecimal(w.get("revenue").asText()).stripTrailingZeros(), BigDecimal::add);
                    apiOrders.merge(day, w.get("orders").asLong(), Long::sum);
                }
                sqlRevenue.replaceAll((d, v) -> v.stripTrailingZeros());
            }

            // then
            assertThat(apiRevenue).as("revenue per day from the API (last answer: %s)", answer).isEqualTo(sqlRevenue);
            assertThat(apiOrders).as("distinct orders per day from the API").isEqualTo(sqlOrders);
            JsonNode first = answer.path("windows").get(0);
            assertThat(first.get("reportingCurrency").asText()).isEqualTo("BRL");
            assertThat(new BigDecimal(first.get("revenueInReportingCurrency").asText())).isEqualByComparingTo(
                    new BigDecimal(first.get("revenue").asText()).multiply(new BigDecimal("5.35")).setScale(2, java.math.RoundingMode.HALF_EVEN));
            JsonNode late = get(base + "/api/kpi/late-events");
            assertThat(late.path("lateEvents").path("day").path("records").asLong(0)).isZero();
            JsonNode top = get(base + "/api/kpi/top-products?size=day&n=3");
            assertThat(top.path("windows").size()).isEqualTo(sqlRevenue.size());
            assertThat(List.of(top.path("windows").get(0).path("products").size())).allSatisfy(n -> assertThat(n).isBetween(1, 3));
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(url + ": " + res.body()).isEqualTo(200);
        return SaleJson.mapper().readTree(res.body());
    }
}
