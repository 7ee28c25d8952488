package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.extract.generator.GeneratorSource;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The integration test of windowed KPIs: after a run with corrections, cancellations, a late event and two
 * currencies, the day windows served by the API equal, day by day and per currency, revenue, distinct orders and
 * lines computed by SQL over the warehouse — except the late sale, which is in the warehouse, out of its window and
 * counted as late.
 */
@ExtendWith(EmbeddedStack.class)
class KpiWindowsWarehouseIT {

    private static final ZoneId ZONE = ZoneId.of("America/Sao_Paulo");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String USD_SOURCE = "it-usd";

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void givenCorrectionsCancellationsALateSaleAndTwoCurrenciesWhenTheRunEndsThenDayWindowsEqualTheWarehouse()
            throws Exception {
        // given generated BRL sales with many corrections and cancellations, day windows with 30 days' grace
        LoadedConfig config = EmbeddedStack.configFor("kpi-windows-warehouse", String.join("\n",
                "    sales-per-second: 2000",
                "    invalid-fraction: 0",
                "    duplicate-fraction: 0.02",
                "    correction-fraction: 0.10",
                "    cancellation-fraction: 0.05",
                "    seed: 20261130"), String.join("\n",
                "kpi-windows:",
                "  sizes: [day]",
                "  zone: America/Sao_Paulo",
                "  grace: 30d"));
        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra)) {
            GeneratorSource generator = new GeneratorSource(runtime.topics.raw(), config.etl().generator(),
                    infra.bootstrapServers, "windows-run", OptionalLong.of(1500), Clock.systemUTC());
            long usdLines;
            try (generator) {
                // when the generator runs, then USD sales arrive: a corrected one, a cancelled one, and a late one
                generator.run();
                usdLines = sendUsdSales(runtime, infra.bootstrapServers);
                GeneratorLedger.Snapshot ledger = generator.ledger().snapshot();
                Reconciler reconciler = Reconciler.of(runtime, source -> 0);
                Reconciler.Accounting brl = reconciler.await(generator.source(), ledger.lines(),
                        a -> a.total() == ledger.lines(), Duration.ofMinutes(2), Reconciler.Progress.NONE);
                assertThat(brl.total()).isEqualTo(ledger.lines());
                assertThat(brl.versions().updated() + brl.versions().removed()).as("corrections and cancellations happened")
                        .isPositive();
                Reconciler.Accounting usd = reconciler.await(USD_SOURCE, usdLines, a -> a.total() == usdLines,
                        Duration.ofMinutes(1), Reconciler.Progress.NONE);
                assertThat(usd.total()).isEqualTo(usdLines);
            }

            // then
            Map<String, long[]> sqlCounts = new TreeMap<>();
            Map<String, BigDecimal> sqlRevenue = sqlPerDayAndCurrency(config, sqlCounts);
            String lateDay = "2020-01-15|USD";
            assertThat(sqlRevenue).as("the late sale is in the warehouse").containsKey(lateDay);
            sqlRevenue.remove(lateDay);
            sqlCounts.remove(lateDay);
            assertThat(sqlRevenue.keySet()).as("both currencies").anyMatch(k -> k.endsWith("|BRL")).anyMatch(k -> k.endsWith("|USD"));

            String base = "http://127.0.0.1:" + runtime.dashboard().port();
            Map<String, BigDecimal> apiRevenue = new TreeMap<>();
            Map<String, long[]> apiCounts = new TreeMap<>();
            JsonNode answer = null;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (System.nanoTime() < deadline && !apiRevenue.equals(sqlRevenue)) {
                Thread.sleep(300);
                answer = get(base + "/api/kpi/windows?size=day&dimension=all");
                apiRevenue.clear();
                apiCounts.clear();
                for (JsonNode w : answer.path("windows")) {
                    String key = Instant.parse(w.get("windowStart").asText()).atZone(ZONE).toLocalDate() + "|"
                            + w.get("currency").asText();
                    BigDecimal revenue = new BigDecimal(w.get("revenue").asText());
                    if (w.get("lines").asLong() == 0 && revenue.signum() == 0) {
                        continue; // a window everything in it was taken out of: SQL has no row for it
                    }
                    apiRevenue.merge(key, revenue.stripTrailingZeros(), BigDecimal::add);
                    apiCounts.put(key, new long[]{w.get("orders").asLong(), w.get("lines").asLong()});
                }
            }
            assertThat(apiRevenue).as("revenue per day and currency from the API (last answer: %s)", answer)
                    .isEqualTo(sqlRevenue);
            assertThat(apiCounts.keySet()).isEqualTo(sqlCounts.keySet());
            sqlCounts.forEach((key, counts) -> assertThat(apiCounts.get(key)).as("orders and lines on " + key)
                    .containsExactly(counts));
            JsonNode late = get(base + "/api/kpi/late-events");
            assertThat(late.path("lateEvents").path("day").path("records").asLong(0)).as(late.toString()).isEqualTo(1);
            assertThat(late.path("lateEvents").path("day").path("lines").asLong(0)).isEqualTo(2);
        }
    }

    /**
     * Four USD sales from one store: U-1 corrected by a second version (one line's amount changed, one line gone),
     * U-2 cancelled, U-3 as sent, and U-4 sold in 2020, far behind its partition's time and its grace.
     * @return the lines published
     */
    private static long sendUsdSales(PipelineRuntime runtime, String bootstrap) throws Exception {
        String today = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).minusHours(1).toString();
        List<RawSale> sales = List.of(
                usd("U-1", today, "pago", "1", line(1, "10.00"), line(2, "5.00")),
                usd("U-2", today, "pago", "1", line(1, "7.00")),
                usd("U-3", today, "pago", "1", line(1, "3.25"), line(2, "1.75")),
                usd("U-1", today, "pago", "2", line(1, "8.00")),
                usd("U-2", today, "cancelado", "2", line(1, "7.00")),
                usd("U-4", "2020-01-15T12:00:00-03:00", "pago", "1", line(1, "100.00"), line(2, "1.00")));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, RawSale> producer = new KafkaProducer<>(props, new StringSerializer(),
                runtime.topics.raw().valueSerde().serializer())) {
            for (RawSale s : sales) {
                producer.send(new ProducerRecord<>(runtime.topics.raw().name(), s.saleId(), s)).get();
            }
        }
        return sales.stream().mapToLong(s -> s.lines().size()).sum();
    }

    private static RawSaleLine line(int no, String net) {
        return new RawSaleLine(Integer.toString(no), "SKU-" + no, "Produto " + no, "Mercearia", "1", null, null, net);
    }

    private static RawSale usd(String id, String soldAt, String status, String version, RawSaleLine... lines) {
        return new RawSale(id, soldAt, "NY-1", "Store NY", "New York", "NY", "US", "online", "C-1", "Ann", null, "credit",
                "USD", status, List.of(lines), USD_SOURCE, USD_SOURCE + ":" + id + ":" + version, null, null, version, true);
    }

    /** Completed revenue per sale day (in the windows' zone) and currency; {@code counts} gets distinct orders and lines. */
    private static Map<String, BigDecimal> sqlPerDayAndCurrency(LoadedConfig config, Map<String, long[]> counts)
            throws Exception {
        Map<String, BigDecimal> revenue = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(config.etl().warehouse().jdbcUrl().orElseThrow(),
                config.etl().warehouse().user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT to_char(date_trunc('day', sold_at, 'America/Sao_Paulo') "
                     + "AT TIME ZONE 'America/Sao_Paulo', 'YYYY-MM-DD') || '|' || currency, sum(net_amount), "
                     + "count(DISTINCT sale_id), count(*) FROM sale_line WHERE status = 'COMPLETED' GROUP BY 1")) {
            while (rs.next()) {
                revenue.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros());
                counts.put(rs.getString(1), new long[]{rs.getLong(3), rs.getLong(4)});
            }
        }
        return revenue;
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(url + ": " + res.body()).isEqualTo(200);
        return SaleJson.mapper().readTree(res.body());
    }
}
