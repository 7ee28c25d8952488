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
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard on the real embedded Kafka: KPI totals published on the KPI topic are summed by
 * {@link KpiTotalsView}, served exactly as JSON by {@link DashboardServer}, and shown formatted for Brazil
 * in a real headless Chromium that refreshes by itself when the totals change.
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

    @Test
    void shouldShowTheTotalsFormattedForBrazilAndFollowNewTotalsWithoutReloading() throws Exception {
        // given its own topic and dashboard, since this test changes the totals
        try (RunningDashboard dashboard = RunningDashboard.start("dashboard-it-browser")) {
            dashboard.publish(INITIAL);
            WebDriver driver = startHeadlessChromium();
            try {
                // when
                driver.get("http://127.0.0.1:" + dashboard.server.port() + "/");

                // then
                awaitText(driver, "revenue", "R$ 1.601,00");
                assertThat(textOf(driver, "orders")).isEqualTo("8");
                assertThat(textOf(driver, "lines")).as("pt-BR thousands separator").isEqualTo("1.237");
                assertThat(textOf(driver, "avg-ticket")).isEqualTo("R$ 200,12");
                assertThat(textOf(driver, "rejected")).isEqualTo("3");
                assertThat(textOf(driver, "rejected-lines")).isEqualTo("4");
                assertThat(textOf(driver, "duplicates")).isEqualTo("5");
                assertThat(textOf(driver, "status")).isEqualTo("ao vivo");
                assertThat(sourceRows(driver)).containsExactly(
                        List.of(SOURCE_A, "R$ 1.235,00", "6", "1.234", "2", "1"),
                        List.of(SOURCE_B, "R$ 366,00", "2", "3", "1", "4"));

                // when source B's totals grow, with the page left alone
                ((JavascriptExecutor) driver).executeScript("window.sameDocument = true;");
                dashboard.publish(List.of(new KpiTotals(SOURCE_B, 0, 4, 3, Money.parse("1366.00"), 1, 1, 4, AT.plusSeconds(60), 0, 0, 0, 0, 0, Map.of("BRL", Money.parse("1366.00")))));

                // then the page shows the new totals by itself
                awaitText(driver, "revenue", "R$ 2.601,00");
                assertThat(((JavascriptExecutor) driver).executeScript("return window.sameDocument === true;"))
                        .as("the page was updated in place, not reloaded").isEqualTo(Boolean.TRUE);
                assertThat(textOf(driver, "orders")).isEqualTo("9");
                assertThat(textOf(driver, "lines")).isEqualTo("1.238");
                assertThat(textOf(driver, "avg-ticket")).isEqualTo("R$ 289,00");
                assertThat(sourceRows(driver)).containsExactly(
                        List.of(SOURCE_B, "R$ 1.366,00", "3", "4", "1", "4"),
                        List.of(SOURCE_A, "R$ 1.235,00", "6", "1.234", "2", "1"));

                byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
                Path screenshot = Files.write(Path.of("target", "dashboard-it.png"), png);
                assertThat(Files.readAllBytes(screenshot)).startsWith(0x89, 'P', 'N', 'G');
            } finally {
                driver.quit();
            }
        }
    }

    // ---- browser -----------------------------------------------------------------------------------

    /** A real headless Chromium; if it cannot start, the exception fails the test. */
    private static WebDriver startHeadlessChromium() throws Exception {
        Path profile = Files.createDirectories(Path.of("target", "chromium-profiles", UUID.randomUUID().toString()))
                .toAbsolutePath();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        return new ChromeDriver(service, options);
    }

    /** Text of an element with whitespace normalised: Intl puts a no-break space between R$ and the number. */
    private static String textOf(WebDriver driver, String id) {
        return normalise(driver.findElement(By.id(id)).getText());
    }

    private static String normalise(String text) {
        return text.replace('\u00A0', ' ').replace('\u202F', ' ').replaceAll("\\s+", " ").trim();
    }

    private static void awaitText(WebDriver driver, String id, String expected) {
        new WebDriverWait(driver, WAIT)
                .withMessage(() -> "#" + id + " to show '" + expected + "', it shows '" + textOf(driver, id) + "'")
                .until(d -> textOf(d, id).equals(expected));
    }

    private static List<List<String>> sourceRows(WebDriver driver) {
        return driver.findElements(By.cssSelector("#by-source tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).map(DashboardIT::normalise).toList())
                .toList();
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
