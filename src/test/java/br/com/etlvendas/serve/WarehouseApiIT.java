package br.com.etlvendas.serve;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.dlq.DlqReader;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.load.postgres.WarehouseDataSource;
import br.com.etlvendas.load.postgres.WarehouseSchema;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query API on the real embedded PostgreSQL and Kafka, over lines written straight into {@code sale_line}:
 * each endpoint's figures, its filters, its 400s naming the parameter, the server-sent stream, and the OpenAPI
 * document, every path of which answers on the running server.
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseApiIT {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");
    private static HikariDataSource db;
    private static KpiTotalsView kpis;
    private static Thread kpiThread;
    private static DashboardApi dashboardApi;
    private static DashboardServer server;
    private static PipelineMetrics opsMetrics;
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Six lines on 2026-11-28 and 2026-11-29 (São Paulo): two BRL stores in SP and RJ, one USD sale, one cancelled
     * line. Completed BRL revenue: 100.00 + 50.50 + 20.00 + 300.00 = 470.50 over 3 orders.
     */
    private static final String ROWS = """
            INSERT INTO sale_line (sale_id, line_no, sold_at, store_id, store_name, store_city, store_state, channel,
              payment_method, currency, status, sku, product_name, category, quantity, unit_price, discount, net_amount,
              source, kafka_partition, kafka_offset) VALUES
            ('S1', 1, '2026-11-28T10:15:00-03:00', 'L1', 'Loja Paulista', 'São Paulo', 'SP', 'STORE', 'PIX', 'BRL', 'COMPLETED', 'P1', 'Café', 'Mercearia', 2, 50, 0, 100.00, 'gen', 0, 1),
            ('S1', 2, '2026-11-28T10:15:00-03:00', 'L1', 'Loja Paulista', 'São Paulo', 'SP', 'STORE', 'PIX', 'BRL', 'COMPLETED', 'P2', 'Pão', 'Padaria', 1, 50.50, 0, 50.50, 'gen', 0, 2),
            ('S2', 1, '2026-11-28T11:40:00-03:00', 'L2', 'Loja Rio', 'Rio de Janeiro', 'RJ', 'ONLINE', NULL, 'BRL', 'COMPLETED', 'P1', 'Café', 'Mercearia', 0.4, 50, 0, 20.00, 'files', 1, 1),
            ('S3', 1, '2026-11-29T09:00:00-03:00', 'L1', 'Loja Paulista', 'São Paulo', 'SP', 'ONLINE', 'CREDIT_CARD', 'BRL', 'COMPLETED', 'P3', 'Vinho', 'Bebidas', 3, 100, 0, 300.00, 'gen', 0, 3),
            ('S4', 1, '2026-11-29T09:30:00-03:00', 'L1', 'Loja Paulista', 'São Paulo', 'SP', 'STORE', 'PIX', 'BRL', 'CANCELLED', 'P3', 'Vinho', 'Bebidas', 1, 100, 0, 100.00, 'gen', 0, 4),
            ('U1', 1, '2026-11-29T12:00:00-03:00', 'L9', 'Store NY', 'New York', 'NY', 'ONLINE', 'CREDIT_CARD', 'USD', 'COMPLETED', 'P9', 'Wine', 'Drinks', 1, 42.10, 0, 42.10, 'gen', 2, 1)
            """;

    @BeforeAll
    static void startTheApiOverKnownLines() throws Exception {
        LoadedConfig config = EmbeddedStack.configFor("warehouse-api-it", "");
        String bootstrap = EmbeddedStack.servers().kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(TopicProvisioner.ensure(admin, config.topics())).isEmpty();
        }
        Topics topics = Topics.from(config.topics());
        db = WarehouseDataSource.create(config.etl().warehouse().jdbcUrl().orElseThrow(), config.etl().warehouse().user(), "", "api-it");
        WarehouseSchema.migrate(db);
        try (Connection c = db.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE sale_line, loader_offset");
            st.execute(ROWS);
            st.execute("INSERT INTO loader_offset (consumer_group, topic, partition, next_offset) VALUES ('g', 't', 0, 5)");
        }
        // one rejected record in the DLQ and the totals that count it
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topics.dlq().name(), "k", "{\"sale_id\":\"bad\"}".getBytes(StandardCharsets.UTF_8));
            r.headers().add(DlqHeaders.STAGE, "validate".getBytes(StandardCharsets.UTF_8));
            r.headers().add(DlqHeaders.REASONS, "[\"store_state: unknown state 'XX'\"]".getBytes(StandardCharsets.UTF_8));
            r.headers().add(DlqHeaders.SOURCE, "gen".getBytes(StandardCharsets.UTF_8));
            r.headers().add(DlqHeaders.REJECTED_AT, "2026-11-29T12:00:00Z".getBytes(StandardCharsets.UTF_8));
            producer.send(r).get();
        }
        try (KafkaProducer<String, KpiTotals> producer = new KafkaProducer<>(p, topics.kpiTotals().keySerde().serializer(),
                topics.kpiTotals().valueSerde().serializer())) {
            KpiTotals t = new KpiTotals("gen", 0, 5, 3, Money.parse("442.10"), 1, 1, 2, Instant.parse("2026-11-29T15:00:00Z"),
                    0, 0, 0, 0, 0, Map.of("BRL", Money.parse("400.00"), "USD", Money.parse("42.10")));
            producer.send(new ProducerRecord<>(topics.kpiTotals().name(), KpiTotals.key("gen", 0), t)).get();
        }
        kpis = new KpiTotalsView(topics.kpiTotals(), bootstrap);
        kpiThread = new Thread(kpis, "api-it-kpi-view");
        kpiThread.start();
        dashboardApi = new DashboardApi(db, SAO_PAULO, kpis, () -> Map.of("status", "UP", "loader", "RUNNING"),
                new DlqReader(topics.dlq(), bootstrap), Clock.systemUTC(), Duration.ofMillis(500));
        server = new DashboardServer(config.etl().dashboard(), kpis, () -> Map.of("status", "UP"), List.of(
                dashboardApi::register,
                new KpiWindowHandler(KpiWindowsView.empty(topics), config.etl().kpiWindows())::register,
                new OperationsRoutes(opsMetrics = MetricsSamples.metrics(), new Readiness()
                        .add("warehouse", () -> Readiness.Status.ready("reachable")))::register)).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (kpis.total().lines() != 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(kpis.total().lines()).as("the KPI view has read the totals").isEqualTo(5);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dashboardApi != null) dashboardApi.close();
        if (server != null) server.close();
        if (opsMetrics != null) opsMetrics.close();
        if (kpis != null) {
            kpis.close();
            kpiThread.join(10_000);
        }
        if (db != null) db.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return SaleJson.mapper().readTree(r.body());
    }

    private static JsonNode row(JsonNode rows, String key, String currency) {
        for (JsonNode r : rows) {
            if ((key == null || key.equals(r.path("key").asText())) && currency.equals(r.path("currency").asText())) {
                return r;
            }
        }
        throw new AssertionError("no row " + key + "/" + currency + " in " + rows);
    }

    @Test
    void shouldSumTotalsPerCurrencyCountingOnlyCompletedSalesAsRevenue() throws Exception {
        // when
        JsonNode rows = json("/api/warehouse/kpis").get("rows");

        // then
        assertThat(rows).hasSize(2);
        JsonNode brl = row(rows, null, "BRL");
        assertThat(brl.get("revenue").decimalValue()).isEqualByComparingTo("470.50");
        assertThat(brl.get("orders").asLong()).isEqualTo(3);
        assertThat(brl.get("lines").asLong()).as("the cancelled line is loaded, not revenue").isEqualTo(5);
        assertThat(brl.get("units").decimalValue()).isEqualByComparingTo("6.4");
        assertThat(brl.get("averageTicket").decimalValue()).isEqualByComparingTo("156.83");
        JsonNode usd = row(rows, null, "USD");
        assertThat(usd.get("revenue").decimalValue()).as("never added to BRL").isEqualByComparingTo("42.10");
    }

    @Test
    void shouldGroupByDayInTheZoneAndByEachDimension() throws Exception {
        // when
        JsonNode days = json("/api/warehouse/kpis?by=day").get("rows");

        // then buckets start at midnight in São Paulo, in time order
        assertThat(days.get(0).get("key").asText()).isEqualTo("2026-11-28T00:00-03:00");
        assertThat(days.get(0).get("revenue").decimalValue()).isEqualByComparingTo("170.50");
        assertThat(row(days, "2026-11-29T00:00-03:00", "BRL").get("revenue").decimalValue()).isEqualByComparingTo("300.00");

        JsonNode hours = json("/api/warehouse/kpis?by=hour&from=2026-11-28&to=2026-11-28").get("rows");
        assertThat(hours).extracting(r -> r.get("key").asText()).containsExactly("2026-11-28T10:00-03:00", "2026-11-28T11:00-03:00");

        JsonNode states = json("/api/warehouse/kpis?by=state").get("rows");
        assertThat(states.get(0).get("key").asText()).as("largest revenue first").isEqualTo("SP");
        assertThat(row(states, "SP", "BRL").get("revenue").decimalValue()).isEqualByComparingTo("450.50");
        assertThat(row(states, "RJ", "BRL").get("orders").asLong()).isEqualTo(1);
        assertThat(row(json("/api/warehouse/kpis?by=payment").get("rows"), "", "BRL").get("revenue").decimalValue())
                .as("a sale without payment method groups under ''").isEqualByComparingTo("20.00");
        assertThat(row(json("/api/warehouse/kpis?by=channel").get("rows"), "ONLINE", "BRL").get("revenue").decimalValue())
                .isEqualByComparingTo("320.00");
        assertThat(row(json("/api/warehouse/kpis?by=category").get("rows"), "Mercearia", "BRL").get("units").decimalValue())
                .isEqualByComparingTo("2.4");
        assertThat(row(json("/api/warehouse/kpis?by=store").get("rows"), "L9", "USD").get("orders").asLong()).isEqualTo(1);
        assertThat(row(json("/api/warehouse/kpis?by=source").get("rows"), "files", "BRL").get("lines").asLong()).isEqualTo(1);
        assertThat(json("/api/warehouse/kpis?by=minute&from=2026-11-29&to=2026-11-29&state=NY").get("rows").get(0)
                .get("key").asText()).isEqualTo("2026-11-29T12:00-03:00");
    }

    @Test
    void shouldApplyEveryFilterTogether() throws Exception {
        // when
        JsonNode body = json("/api/warehouse/kpis?from=2026-11-28&to=2026-11-28T23:59:59-03:00&store=L1&state=SP&channel=STORE&source=gen");

        // then only S1's two lines remain
        JsonNode rows = body.get("rows");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("revenue").decimalValue()).isEqualByComparingTo("150.50");
        assertThat(rows.get(0).get("lines").asLong()).isEqualTo(2);
        assertThat(body.get("filters").get("store").asText()).isEqualTo("L1");
        assertThat(json("/api/warehouse/kpis?store=x'%20OR%20'1'='1").get("rows")).as("a value, never SQL").isEmpty();
    }

    @Test
    void shouldPageSalesNewestFirstWithTheirTotal() throws Exception {
        // when
        JsonNode first = json("/api/warehouse/sales?size=2");
        JsonNode third = json("/api/warehouse/sales?size=2&page=3");

        // then
        assertThat(first.get("total").asLong()).isEqualTo(6);
        assertThat(first.get("items")).extracting(i -> i.get("saleId").asText()).containsExactly("U1", "S4");
        assertThat(first.get("items").get(0).get("soldAt").asText()).isEqualTo("2026-11-29T12:00-03:00");
        assertThat(first.get("items").get(0).get("netAmount").decimalValue()).isEqualByComparingTo("42.10");
        assertThat(third.get("items")).extracting(i -> i.get("saleId").asText() + "/" + i.get("lineNo").asInt())
                .containsExactly("S1/1", "S1/2");
        assertThat(json("/api/warehouse/sales?state=RJ").get("items")).extracting(i -> i.get("saleId").asText()).containsExactly("S2");
    }

    @Test
    void shouldRankTopProductsPerCurrencyAndListStores() throws Exception {
        // when
        JsonNode products = json("/api/warehouse/top-products?n=2").get("products");
        JsonNode stores = json("/api/warehouse/stores").get("stores");

        // then
        assertThat(products).extracting(p -> p.get("currency").asText() + ":" + p.get("sku").asText())
                .containsExactly("BRL:P3", "BRL:P1", "USD:P9");
        assertThat(products.get(0).get("revenue").decimalValue()).as("the cancelled line is not revenue").isEqualByComparingTo("300.00");
        assertThat(products.get(1).get("units").decimalValue()).isEqualByComparingTo("2.4");
        assertThat(stores.get(0).get("storeId").asText()).isEqualTo("L1");
        assertThat(stores.get(0).get("storeName").asText()).isEqualTo("Loja Paulista");
        assertThat(stores.get(0).get("figures").get("revenue").decimalValue()).isEqualByComparingTo("450.50");
        assertThat(stores).hasSize(3);
    }

    @Test
    void shouldListTheNewestDlqRecordsWithTheirReasons() throws Exception {
        // when
        JsonNode body = json("/api/dlq?limit=5&source=gen");

        // then
        assertThat(body.get("total").asInt()).isEqualTo(1);
        assertThat(body.get("byStage").get("validate").asInt()).isEqualTo(1);
        JsonNode r = body.get("records").get(0);
        assertThat(r.get("reasons").get(0).asText()).isEqualTo("store_state: unknown state 'XX'");
        assertThat(r.get("payload").asText()).isEqualTo("{\"sale_id\":\"bad\"}");
        assertThat(json("/api/dlq?stage=load").get("total").asInt()).isZero();
    }

    @Test
    void shouldAnswerTheDashboardSnapshotWithWarehouseAndLiveFigures() throws Exception {
        // when
        JsonNode s = json("/api/dashboard?bucket=day&from=2026-11-28&to=2026-11-29&source=gen");

        // then
        assertThat(row(s.get("rangeTotals"), null, "BRL").get("revenue").decimalValue()).isEqualByComparingTo("450.50");
        assertThat(s.get("revenueOverTime")).hasSize(3);
        assertThat(s.get("topProducts").get(0).get("sku").asText()).isEqualTo("P3");
        assertThat(s.get("byState").get(0).get("key").asText()).isEqualTo("SP");
        assertThat(s.get("loadedVersion").asLong()).isEqualTo(5);
        JsonNode p = s.get("pipeline");
        assertThat(p.get("lines").asLong()).isEqualTo(5);
        assertThat(p.get("duplicateLines").asLong()).isEqualTo(2);
        assertThat(p.get("rejectedRate").asDouble()).as("1 of 8 lines").isEqualTo(1.0 / 8);
        assertThat(p.get("sources").get(0).get("source").asText()).isEqualTo("gen");
        assertThat(p.get("health").get("loader").asText()).isEqualTo("RUNNING");
    }

    @Test
    void shouldPushASnapshotOverServerSentEvents() throws Exception {
        // when
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/api/stream?state=RJ")).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:") && "snapshot".equals(event)) {
                    JsonNode s = SaleJson.mapper().readTree(line.substring(5));
                    assertThat(s.get("filters").get("state").asText()).isEqualTo("RJ");
                    assertThat(row(s.get("rangeTotals"), null, "BRL").get("revenue").decimalValue()).isEqualByComparingTo("20.00");
                    assertThat(s.get("version").asLong()).isPositive();
                    return;
                }
            }
        }
        throw new AssertionError("the stream ended without a snapshot");
    }

    @Test
    void shouldAnswerEveryBadParameterWith400NamingIt() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/api/warehouse/kpis?by=week", "by");
        cases.put("/api/warehouse/kpis?from=yesterday", "from");
        cases.put("/api/warehouse/kpis?to=2026-13-01", "to");
        cases.put("/api/warehouse/kpis?from=2026-11-29&to=2026-11-01", "to");
        cases.put("/api/warehouse/kpis?store=" + "x".repeat(201), "store");
        cases.put("/api/warehouse/sales?size=501", "size");
        cases.put("/api/warehouse/sales?size=0", "size");
        cases.put("/api/warehouse/sales?page=abc", "page");
        cases.put("/api/warehouse/sales?page=100001", "page");
        cases.put("/api/warehouse/sales?state=" + "y".repeat(300), "state");
        cases.put("/api/warehouse/top-products?n=101", "n");
        cases.put("/api/warehouse/top-products?channel=" + "c".repeat(201), "channel");
        cases.put("/api/warehouse/stores?limit=-1", "limit");
        cases.put("/api/warehouse/stores?source=" + "s".repeat(201), "source");
        cases.put("/api/dashboard?bucket=state", "bucket");
        cases.put("/api/dashboard?from=1e9", "from");
        cases.put("/api/stream?bucket=week", "bucket");
        cases.put("/api/stream?to=x", "to");
        cases.put("/api/stream?from=2026-11-30&to=2026-11-01", "to");
        cases.put("/api/dlq?limit=501", "limit");
        cases.put("/api/dlq?stage=" + "z".repeat(201), "stage");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = get(c.getKey());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = SaleJson.mapper().readTree(r.body());
            assertThat(body.get("error").asText()).isEqualTo("bad parameter");
            assertThat(body.get("parameter").asText()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(body.get("message").asText()).startsWith(c.getValue() + " ");
        }
    }

    @Test
    void shouldServeAValidOpenApiDocumentEveryPathOfWhichAnswers() throws Exception {
        // when
        HttpResponse<String> r = get("/openapi.json");

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode doc = SaleJson.mapper().readTree(r.body());
        assertThat(OpenApiDocumentTest.problems(doc)).isEmpty();
        List<String> answered = new ArrayList<>();
        for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            if (path.equals("/api/stream")) {
                HttpResponse<InputStream> s = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                        .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                assertThat(s.statusCode()).as(path).isEqualTo(200);
                assertThat(s.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
                s.body().close();
            } else {
                HttpResponse<String> a = get(path);
                assertThat(a.statusCode()).as(path + " → " + a.body()).isNotEqualTo(404).isLessThan(500);
                String type = doc.get("paths").get(path).get("get").get("responses").get("200").get("content").fieldNames().next();
                assertThat(a.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(t -> assertThat(t).startsWith(type));
            }
            answered.add(path);
        }
        assertThat(get("/api/stream").statusCode()).as("a stream only for a client that accepts one").isEqualTo(406);
        assertThat(answered).contains("/api/warehouse/kpis", "/api/dlq", "/api/kpi/totals", "/health", "/ready", "/metrics");
        assertThat(get("/api-docs.html").body()).contains("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js");
        assertThat(get("/webjars/swagger-ui/5.34.1/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(get("/webjars/echarts/5.3.1/dist/echarts.min.js").statusCode()).isEqualTo(200);
    }
}
