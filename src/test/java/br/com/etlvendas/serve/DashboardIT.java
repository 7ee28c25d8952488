package br.com.etlvendas.serve;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.Topic;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on the real embedded Kafka: KPI totals published on the KPI topic are summed by
 * {@link KpiTotalsView} and served exactly as JSON by {@link DashboardServer}. (The page itself, in a real
 * headless Chromium during a running pipeline, is {@code cli.DashboardBrowserIT}.)
 */
@ExtendWith(EmbeddedStack.class)
class DashboardIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SOURCE_A = "generator-g1";
    private static final String SOURCE_B = "files-s3";
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    /** Two sources, source A on two partitions: revenue 1601.00 over 8 orders, an average ticket of 200.125. */
    private static final List<KpiTotals> INITIAL = List.of(
            new KpiTotals(SOURCE_A, 0, 1200, 5, Money.parse("1234.56"), 2, 3, 1, AT, 0, 0, 0, 0, 0, Map.of("BRL", Money.parse("1234.56"))),
            new KpiTotals(SOURCE_A, 1, 34, 1, Money.parse("0.44"), 0, 0, 0, AT.plusSeconds(1), 0, 0, 0, 0, 0, Map.of("BRL", Money.parse("0.44"))),
            new KpiTotals(SOURCE_B, 0, 3, 2, Money.parse("366.00"), 1, 1, 4, AT.plusSeconds(2), 0, 0, 0, 0, 0, Map.of("BRL", Money.parse("366.00"))));

    private static RunningDashboard api;

    @BeforeAll
    static void startDashboardWithInitialTotals() throws Exception {
        api = RunningDashboard.start("dashboard-it-api");
        api.publish(INITIAL);
        api.awaitOrders(8);
    }

    @AfterAll
    static void stopDashboard() throws Exception {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void shouldServeTheExactSumOverAllKeysAndTheTotalsPerSourceAsJson() throws Exception {
        // when
        HttpResponse<String> response = api.get("/api/kpi/totals");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).as("revenue is an exact JSON number, not text nor a rounded double")
                .contains("\"revenue\":1601.00");
        JsonNode total = SaleJson.mapper().readTree(response.body()).get("total");
        assertThat(total.get("revenue").isNumber()).isTrue();
        assertThat(total.get("revenue").decimalValue()).isEqualByComparingTo("1601.00");
        assertThat(total.get("orders").asLong()).isEqualTo(8);
        assertThat(total.get("lines").asLong()).isEqualTo(1237);
        assertThat(total.get("averageTicket").decimalValue())
                .as("1601.00 / 8 = 200.125, rounded half-even")
                .isEqualByComparingTo("200.12");
        assertThat(total.get("rejectedRecords").asLong()).isEqualTo(3);
        assertThat(total.get("rejectedLines").asLong()).isEqualTo(4);
        assertThat(total.get("duplicateLines").asLong()).isEqualTo(5);
        assertThat(Instant.parse(total.get("updatedAt").asText())).isEqualTo(AT.plusSeconds(2));

        JsonNode bySource = SaleJson.mapper().readTree(response.body()).get("bySource");
        assertThat(bySource).hasSize(2);
        assertThat(bySource.get(0).get("source").asText()).as("largest revenue first").isEqualTo(SOURCE_A);
        assertThat(bySource.get(0).get("revenue").decimalValue()).isEqualByComparingTo("1235.00");
        assertThat(bySource.get(0).get("orders").asLong()).isEqualTo(6);
        assertThat(bySource.get(0).get("lines").asLong()).isEqualTo(1234);
        assertThat(bySource.get(1).get("source").asText()).isEqualTo(SOURCE_B);
        assertThat(bySource.get(1).get("revenue").decimalValue()).isEqualByComparingTo("366.00");
        assertThat(bySource.get(1).get("averageTicket").decimalValue()).isEqualByComparingTo("183.00");
        assertThat(bySource.get(1).get("duplicateLines").asLong()).isEqualTo(4);
    }

    @Test
    void shouldAnswerHealthWithStatusUp() throws Exception {
        // when
        HttpResponse<String> response = api.get("/health");

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(SaleJson.mapper().readTree(response.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void shouldAnswerAnUnknownApiPathWith404AndAJsonBody() throws Exception {
        // when
        HttpResponse<String> response = api.get("/api/no-such-thing");

        // then
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode body = SaleJson.mapper().readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("not found");
        assertThat(body.get("path").asText()).isEqualTo("/api/no-such-thing");
    }

    // ---- the dashboard on its own KPI topic --------------------------------------------------------------

    /** The KPI topic of one configuration on the shared Kafka, a view reading it, and a dashboard serving it. */
    private static final class RunningDashboard implements AutoCloseable {

        private final Topic<String, KpiTotals> topic;
        private final KafkaProducer<String, KpiTotals> producer;
        private final KpiTotalsView view;
        private final Thread viewThread;
        private final DashboardServer server;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        private RunningDashboard(Topic<String, KpiTotals> topic, KafkaProducer<String, KpiTotals> producer,
                                 KpiTotalsView view, Thread viewThread, DashboardServer server) {
            this.topic = topic;
            this.producer = producer;
            this.view = view;
            this.viewThread = viewThread;
            this.server = server;
        }

        static RunningDashboard start(String name) {
            LoadedConfig config = EmbeddedStack.configFor(name, "");
            String bootstrap = EmbeddedStack.servers().kafka().bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(TopicProvisioner.ensure(admin, config.topics())).as("topic layout mismatches").isEmpty();
            }
            Topic<String, KpiTotals> topic = Topics.from(config.topics()).kpiTotals();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            KafkaProducer<String, KpiTotals> producer = new KafkaProducer<>(p, topic.keySerde().serializer(),
                    topic.valueSerde().serializer());
            KpiTotalsView view = new KpiTotalsView(topic, bootstrap);
            Thread viewThread = new Thread(view, name + "-kpi-view");
            viewThread.start();
            DashboardServer server = new DashboardServer(config.etl().dashboard(), view, () -> Map.of("status", "UP")).start();
            return new RunningDashboard(topic, producer, view, viewThread, server);
        }

        void publish(List<KpiTotals> totals) throws Exception {
            for (KpiTotals t : totals) {
                producer.send(new ProducerRecord<>(topic.name(), KpiTotals.key(t.source(), t.partition()), t)).get();
            }
        }

        void awaitOrders(long orders) throws InterruptedException {
            await(() -> view.total().orders() == orders, () -> "the view to sum " + orders + " orders, it has " + view.total().orders());
        }

        HttpResponse<String> get(String path) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }

        private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out after " + WAIT + " waiting for " + what.get());
                }
                Thread.sleep(50);
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                server.close();
            } finally {
                view.close();
                viewThread.join(WAIT.toMillis());
                producer.close(Duration.ofSeconds(5));
            }
        }
    }
}
