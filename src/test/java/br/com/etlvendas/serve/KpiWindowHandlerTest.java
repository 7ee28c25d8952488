package br.com.etlvendas.serve;

import br.com.etlvendas.config.DashboardConfig;
import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.ReportingConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.config.TopicsConfig;
import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.KpiWindow;
import br.com.etlvendas.sale.KpiWindowProduct;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The windowed-KPI API on a real HTTP server, over a view fed directly (no Kafka). */
class KpiWindowHandlerTest {

    private static final Instant DAY1 = Instant.parse("2024-03-01T03:00:00Z");
    private static final Instant DAY2 = Instant.parse("2024-03-02T03:00:00Z");
    private static final Instant AT = Instant.parse("2024-03-03T00:00:00Z");

    private Topics topics;
    private KpiWindowsView view;
    private DashboardServer server;
    private KpiTotalsView totals;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.empty(), id.defaultCleanupPolicy()));
        }
        topics = Topics.from(new TopicsConfig(specs));
        CurrencyConverter converter = new CurrencyConverter(new ReportingConfig("BRL", Map.of("USD", new BigDecimal("5.00"))));
        view = KpiWindowsView.detached(topics.kpiWindows(), topics.kpiWindowProducts(), topics.kpiLateEvents(), converter);
        KpiWindowsConfig config = new KpiWindowsConfig(Set.of(WindowSize.DAY, WindowSize.HOUR),
                EnumSet.of(KpiWindowsConfig.Dimension.ALL, KpiWindowsConfig.Dimension.STATE), ZoneId.of("America/Sao_Paulo"),
                Duration.ofHours(1), 2);
        totals = new KpiTotalsView(topics.kpiTotals(), "127.0.0.1:9");
        server = new DashboardServer(new DashboardConfig("127.0.0.1", 0, Duration.ofSeconds(2)), totals, converter,
                () -> Map.of("status", "UP"), List.of(new KpiWindowHandler(view, config)::register)).start();
    }

    @AfterEach
    void stop() {
        server.close();
        totals.close();
    }

    private void window(Instant start, String dimension, String value, String currency, int partition, String revenue, long orders) {
        KpiWindow w = new KpiWindow("day", start, start.plus(Duration.ofDays(1)), dimension, value, currency, partition,
                Money.parse(revenue), orders, orders, BigDecimal.valueOf(orders), AT);
        view.accept(topics.kpiWindows().name(), w.key(), topics.kpiWindows().valueSerde().serializer().serialize("t", w));
    }

    private void product(Instant start, String sku, int partition, String revenue) {
        KpiWindowProduct p = new KpiWindowProduct("day", start, start.plus(Duration.ofDays(1)), "BRL", sku, "Produto " + sku,
                partition, Money.parse(revenue), 1, BigDecimal.ONE, AT);
        view.accept(topics.kpiWindowProducts().name(), p.key(), topics.kpiWindowProducts().valueSerde().serializer().serialize("t", p));
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldSumEachWindowOverPartitionsPerCurrencyAndConvertForDisplay() throws Exception {
        // given day windows counted on two partitions, in two currencies
        window(DAY1, "state", "SP", "BRL", 0, "10.00", 1);
        window(DAY1, "state", "SP", "BRL", 1, "30.00", 3);
        window(DAY1, "state", "SP", "USD", 0, "2.00", 1);
        window(DAY2, "state", "RJ", "BRL", 0, "5.00", 1);

        // when
        HttpResponse<String> res = get("/api/kpi/windows?size=day&dimension=state&from=2024-03-01&to=2024-03-02");

        // then only 1 March, SP once per currency, never added across currencies
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode windows = SaleJson.mapper().readTree(res.body()).get("windows");
        assertThat(windows).hasSize(2);
        JsonNode brl = windows.get(0);
        assertThat(brl.get("currency").asText()).isEqualTo("BRL");
        assertThat(brl.get("value").asText()).isEqualTo("SP");
        assertThat(brl.get("revenue").decimalValue()).isEqualByComparingTo("40.00");
        assertThat(brl.get("orders").asLong()).isEqualTo(4);
        assertThat(brl.get("averageTicket").decimalValue()).isEqualByComparingTo("10.00");
        JsonNode usd = windows.get(1);
        assertThat(usd.get("currency").asText()).isEqualTo("USD");
        assertThat(usd.get("revenue").decimalValue()).isEqualByComparingTo("2.00");
        assertThat(usd.get("revenueInReportingCurrency").decimalValue()).isEqualByComparingTo("10.00");
        assertThat(usd.get("converted").asBoolean()).isTrue();
    }

    @Test
    void shouldListTheTopProductsOfEachWindowByRevenueSummedOverPartitions() throws Exception {
        // given
        product(DAY1, "A", 0, "10.00");
        product(DAY1, "B", 0, "15.00");
        product(DAY1, "A", 1, "10.00");
        product(DAY1, "C", 1, "1.00");

        // when
        HttpResponse<String> res = get("/api/kpi/top-products?size=day");

        // then the configured two, best first
        assertThat(res.statusCode()).isEqualTo(200);
        JsonNode products = SaleJson.mapper().readTree(res.body()).get("windows").get(0).get("products");
        assertThat(products).hasSize(2);
        assertThat(products.get(0).get("sku").asText()).isEqualTo("A");
        assertThat(products.get(0).get("revenue").decimalValue()).isEqualByComparingTo("20.00");
        assertThat(products.get(1).get("sku").asText()).isEqualTo("B");
    }

    @Test
    void shouldAnswer400NamingEachBadParameter() throws Exception {
        Map<String, String> badRequests = Map.of(
                "/api/kpi/windows?size=week", "size",
                "/api/kpi/windows?size=minute", "size",
                "/api/kpi/windows?dimension=state", "size",
                "/api/kpi/windows?size=day&dimension=category", "dimension",
                "/api/kpi/windows?size=day&from=yesterday", "from",
                "/api/kpi/windows?size=day&to=2024-13-01", "to",
                "/api/kpi/top-products?size=day&n=0", "n",
                "/api/kpi/top-products?size=day&n=ten", "n");
        for (Map.Entry<String, String> bad : badRequests.entrySet()) {
            HttpResponse<String> res = get(bad.getKey());
            assertThat(res.statusCode()).as(bad.getKey()).isEqualTo(400);
            JsonNode body = SaleJson.mapper().readTree(res.body());
            assertThat(body.get("parameter").asText()).as(bad.getKey()).isEqualTo(bad.getValue());
            assertThat(body.get("message").asText()).as(bad.getKey()).startsWith(bad.getValue() + " ");
        }
    }
}
