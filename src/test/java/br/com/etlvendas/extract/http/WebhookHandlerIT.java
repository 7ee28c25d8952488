package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.config.WebhookConfig;
import br.com.etlvendas.extract.CommittedRecords;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.serve.DashboardServer;
import br.com.etlvendas.serve.KpiTotalsView;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook on the real dashboard server and the real Kafka: a valid request is published whole and
 * answered 202 with its sale ids; a request with any invalid item is refused whole with every reason of
 * every item and publishes nothing; oversized, overfull and malformed bodies get a JSON error.
 */
@ExtendWith(EmbeddedStack.class)
class WebhookHandlerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_BODY = 2048;
    private static final int MAX_BATCH = 5;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Running ours;
    private static Running mapped;
    private static CommittedRecords<RawSale> raw;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startServers() throws Exception {
        LoadedConfig config = EmbeddedStack.configFor("webhook-it", "");
        String bootstrap = EmbeddedStack.servers().kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.ensure(admin, config.topics());
        }
        Topics topics = Topics.from(config.topics());
        raw = new CommittedRecords<>(topics.raw(), bootstrap);
        ours = Running.start(config, topics, bootstrap, "webhook-it-ours", Optional.empty());
        Path mapping = dir.resolve("parceiro.yml");
        Files.writeString(mapping, String.join("\n",
                "source: parceiro",
                "time-zone: America/Sao_Paulo",
                "fields:",
                "  sale_id:     { column: pedido }",
                "  sold_at:     { column: data }",
                "  store_id:    { constant: PARCEIRO }",
                "  store_state: { column: uf }",
                "  channel:     { constant: marketplace }",
                "  currency:    { constant: BRL }",
                "  line_no:     { path: item.numero }",
                "  sku:         { path: item.codigo }",
                "  quantity:    { path: item.qtd }",
                "  net_amount:  { path: item.total }",
                ""));
        mapped = Running.start(config, topics, bootstrap, "webhook-it-mapped",
                Optional.of(new RowMapper(MappingLoader.load(mapping, Map.of()))));
    }

    @AfterAll
    static void stopServers() {
        for (AutoCloseable c : new AutoCloseable[] {ours, mapped, raw}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    @Test
    void shouldAcceptAValidSaleAndPublishItUnderItsRequestId() throws Exception {
        HttpResponse<String> response = post(ours, sale("WH-1", "BRL", "2026-03-01T14:30:00-03:00", "2"));

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("accepted")).containsExactly(SaleJson.mapper().getNodeFactory().textNode("WH-1"));
        String requestId = body.get("requestId").asText();
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(requestId);
        RawSale published = raw.awaitValues(v -> v.stream().anyMatch(s -> "WH-1".equals(s.saleId())), WAIT).stream()
                .filter(s -> "WH-1".equals(s.saleId())).findFirst().orElseThrow();
        assertThat(published.source()).isEqualTo("webhook");
        assertThat(published.origin()).isEqualTo("webhook:" + requestId);
        assertThat(published.lines().get(0).unitPrice()).isEqualTo("10.50");
    }

    @Test
    void shouldPublishTheInstallmentsAnItemGivesAndRefuseAnItemWithInstallmentsOutOfRange() throws Exception {
        // given an item paid in 10 instalments (a JSON number) and a batch with an item in 60
        String inTen = sale("WH-PARC-10", "BRL", "2026-03-01T14:30:00-03:00", "1").replace("{\"saleId\"",
                "{\"installments\":10,\"saleId\"");
        String inSixty = sale("WH-PARC-60", "BRL", "2026-03-01T14:30:00-03:00", "1").replace("{\"saleId\"",
                "{\"installments\":\"60\",\"saleId\"");

        // when both are posted
        HttpResponse<String> accepted = post(ours, inTen);
        HttpResponse<String> refused = post(ours, "[" + inSixty + "]");

        // then the first is published with its installments, the second refused naming the field, and never published
        assertThat(accepted.statusCode()).isEqualTo(202);
        RawSale published = raw.awaitValues(v -> v.stream().anyMatch(s -> "WH-PARC-10".equals(s.saleId())), WAIT).stream()
                .filter(s -> "WH-PARC-10".equals(s.saleId())).findFirst().orElseThrow();
        assertThat(published.installments()).isEqualTo("10");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(texts(json(refused).get("errors").get(0).get("reasons")))
                .containsExactly("installments: must be a whole number from 1 to 48 (got '60')");
        assertThat(raw.awaitValues(v -> v.stream().anyMatch(s -> "WH-PARC-10".equals(s.saleId())), WAIT))
                .extracting(RawSale::saleId).doesNotContain("WH-PARC-60");
    }

    @Test
    void shouldRefuseTheWholeBatchListingEveryReasonOfEveryInvalidItemAndPublishNothing() throws Exception {
        String batch = "[" + String.join(",",
                sale("WH-B0", "BRL", "2026-03-01T14:30:00-03:00", "2"),
                sale("", "REAL", "2026-03-01T14:30:00-03:00", "2"),
                sale("WH-B2", "BRL", "2026-03-01T14:30:00-03:00", "2"),
                sale("WH-B3", "BRL", "yesterday", "-1")) + "]";

        HttpResponse<String> response = post(ours, batch);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = json(response).get("errors");
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(texts(errors.get(0).get("reasons"))).containsExactlyInAnyOrder("sale_id: is required",
                "currency: 'REAL' is not an ISO-4217 currency code such as BRL");
        assertThat(errors.get(1).get("index").asInt()).isEqualTo(3);
        assertThat(texts(errors.get(1).get("reasons"))).hasSize(2)
                .anyMatch(r -> r.startsWith("sold_at: 'yesterday'"))
                .anyMatch(r -> r.startsWith("lines[0].quantity: must be greater than zero"));
        // a later valid request is published; nothing of the refused batch ever is
        assertThat(post(ours, sale("WH-AFTER", "BRL", "2026-03-01T14:30:00-03:00", "1")).statusCode()).isEqualTo(202);
        List<RawSale> all = raw.awaitValues(v -> v.stream().anyMatch(s -> "WH-AFTER".equals(s.saleId())), WAIT);
        assertThat(all).extracting(RawSale::saleId).doesNotContain("WH-B0", "WH-B2", "WH-B3");
    }

    @Test
    void shouldAnswer400NamingTheFieldForANumberThatWouldExpandIntoABillionDigits() throws Exception {
        // given a sale whose quantity is a JSON number (not text) with a huge exponent, and one with a huge negative one
        String huge = sale("WH-HUGE", "BRL", "2026-03-01T14:30:00-03:00", "1").replace("\"quantity\":\"1\"",
                "\"quantity\":1e999999999");
        String tiny = sale("WH-TINY", "BRL", "2026-03-01T14:30:00-03:00", "1").replace("\"unitPrice\":\"10.50\"",
                "\"unitPrice\":1e-999999999");

        // when
        HttpResponse<String> response = post(ours, "[" + huge + "," + tiny + "]");

        // then both are refused by field, and nothing is published
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode errors = json(response).get("errors");
        assertThat(texts(errors.get(0).get("reasons"))).singleElement().asString().startsWith("lines[0].quantity: ");
        assertThat(texts(errors.get(1).get("reasons"))).singleElement().asString().startsWith("lines[0].unit_price: ");
        assertThat(response.body().length()).isLessThan(2_000);
    }

    @Test
    void shouldAnswer413WhenTheBodyIsLargerThanTheLimitWhateverItsDeclaredLength() throws Exception {
        String big = "[" + String.join(",", java.util.Collections.nCopies(12, sale("WH-BIG", "BRL", "2026-03-01T14:30:00-03:00", "1"))) + "]";
        assertThat(big.length()).isGreaterThan(MAX_BODY);

        HttpResponse<String> declared = post(ours, big);
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(ours.uri())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(json(response).get("message").asText()).contains(Integer.toString(MAX_BODY));
        }
    }

    @Test
    void shouldAnswer413WhenTheBatchHoldsMoreSalesThanAllowed() throws Exception {
        List<String> sales = new ArrayList<>();
        for (int i = 0; i <= MAX_BATCH; i++) {
            sales.add("{\"saleId\":\"WH-N" + i + "\"}");
        }
        HttpResponse<String> response = post(ours, "[" + String.join(",", sales) + "]");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(json(response).get("error").asText()).isEqualTo("batch too large");
    }

    @Test
    void shouldAnswer400ForMalformedJson() throws Exception {
        HttpResponse<String> response = post(ours, "{\"saleId\": \"WH-X\", ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).isEqualTo("malformed JSON");
        assertThat(json(response).get("requestId").asText()).isNotBlank();
    }

    @Test
    void shouldReadTheSendersOwnJsonThroughTheMapping() throws Exception {
        String theirs = "{\"pedido\":\"MP-7\",\"data\":\"2026-03-01T09:15:00\",\"uf\":\"MG\","
                + "\"item\":{\"numero\":1,\"codigo\":\"SKU-9\",\"qtd\":3,\"total\":89.70}}";

        HttpResponse<String> response = post(mapped, theirs);

        assertThat(response.statusCode()).isEqualTo(202);
        String requestId = json(response).get("requestId").asText();
        RawSale published = raw.awaitValues(v -> v.stream().anyMatch(s -> "MP-7".equals(s.saleId())), WAIT).stream()
                .filter(s -> "MP-7".equals(s.saleId())).findFirst().orElseThrow();
        assertThat(published.source()).isEqualTo("webhook");
        assertThat(published.origin()).isEqualTo("webhook:" + requestId);
        assertThat(published.storeState()).isEqualTo("MG");
        assertThat(published.lines().get(0).netAmount()).isEqualTo("89.70");
    }

    private static String sale(String id, String currency, String soldAt, String quantity) {
        return "{\"saleId\":\"" + id + "\",\"soldAt\":\"" + soldAt + "\",\"storeId\":\"SP-001\",\"storeState\":\"SP\","
                + "\"channel\":\"store\",\"currency\":\"" + currency + "\",\"paymentMethod\":\"pix\","
                + "\"lines\":[{\"lineNo\":\"1\",\"sku\":\"SKU-1\",\"quantity\":\"" + quantity + "\",\"unitPrice\":\"10.50\"}]}";
    }

    private static HttpResponse<String> post(Running server, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.uri()).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        return SaleJson.mapper().readTree(response.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    /** A dashboard server with the webhook registered on it. */
    private record Running(DashboardServer server, WebhookHandler webhook, KpiTotalsView kpis) implements AutoCloseable {

        static Running start(LoadedConfig config, Topics topics, String bootstrap, String transactionalId,
                             Optional<RowMapper> mapper) {
            WebhookHandler webhook = new WebhookHandler(new WebhookConfig(true, MAX_BODY, MAX_BATCH, Optional.empty()),
                    topics, bootstrap, transactionalId, mapper, Clock.systemUTC());
            KpiTotalsView kpis = new KpiTotalsView(topics.kpiTotals(), bootstrap);
            DashboardServer server = new DashboardServer(config.etl().dashboard(), kpis, () -> Map.of("status", "UP"),
                    List.of(webhook::register)).start();
            return new Running(server, webhook, kpis);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.port() + WebhookHandler.PATH);
        }

        @Override
        public void close() {
            server.close();
            webhook.close();
            kpis.close();
        }
    }
}
