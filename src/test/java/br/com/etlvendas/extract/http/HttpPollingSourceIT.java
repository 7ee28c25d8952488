package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.HttpSourceConfig;
import br.com.etlvendas.config.HttpSourceConfig.Pagination;
import br.com.etlvendas.config.Secret;
import br.com.etlvendas.extract.CommittedRecords;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceState;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API source against a real HTTP server and the real Kafka: every item of every page reaches
 * {@code sales.raw} exactly once, through a 503 and a 429 at start, items appended later included, and a
 * restarted source resumes from its committed page or cursor instead of reading the API again from the start.
 */
@ExtendWith(EmbeddedStack.class)
@SuppressWarnings("try") // a running source is a try-with-resources resource only so that it is always closed
class HttpPollingSourceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void shouldPublishEveryItemOnceWalkingPageNumbersAndResumeFromTheCommittedPage() throws Exception {
        TestKafka kafka = TestKafka.forTest("http-pages");
        try (ShopApiServer api = new ShopApiServer(false);
             CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            // given 7 items in pages of 3, the last page not full
            api.addItems(0, 7);
            HttpSourceConfig config = config("loja-paginas", api.url(), Pagination.PAGE, "data.items", Secret.of(ShopApiServer.TOKEN));
            try (HttpPollingSource source = start(config, kafka)) {
                raw.awaitAtLeast(7, WAIT);
                RawSale first = byLine(raw.settle(QUIET), 7).get("EC-0#1");
                assertThat(first.source()).isEqualTo("loja-paginas");
                assertThat(first.origin()).isEqualTo(api.url() + "#page=1&item=1");
                assertThat(first.storeState()).isEqualTo("RJ");
                assertThat(first.lines().get(0).sku()).isEqualTo("SKU-0");
                assertThat(first.lines().get(0).unitPrice()).isEqualTo("19.90");

                // when items are appended to the last page and beyond, then only they are published
                api.addItems(7, 11);
                raw.awaitAtLeast(11, WAIT);
                byLine(raw.settle(QUIET), 11);
            }
            assertThat(api.unauthorised()).as("requests without the token").isZero();
            assertThat(api.queries().subList(0, 3)).as("the 503 and the 429 were retried, same page")
                    .containsOnly("page=1&page_size=3");
            assertThat(lastState(kafka, "loja-paginas").position()).isEqualTo("page=4&seen=2");

            // when more items come while it is stopped, then a new instance starts at the committed page
            api.addItems(11, 13);
            int before = api.queries().size();
            try (HttpPollingSource restarted = start(config, kafka)) {
                raw.awaitAtLeast(13, WAIT);
                byLine(raw.settle(QUIET), 13);
            }
            assertThat(api.queries().get(before)).isEqualTo("page=4&page_size=3");
            assertThat(lastState(kafka, "loja-paginas")).satisfies(s -> {
                assertThat(s.position()).isEqualTo("page=5&seen=1");
                assertThat(s.records()).isEqualTo(13);
            });
        }
    }

    @Test
    void shouldPublishEveryItemOnceFollowingCursorsAndResumeFromTheCommittedCursor() throws Exception {
        TestKafka kafka = TestKafka.forTest("http-cursor");
        try (ShopApiServer api = new ShopApiServer(true);
             CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            // given 5 items in pages of 2: the third page has no next cursor
            api.addItems(0, 5);
            HttpSourceConfig config = config("loja-cursor", api.url(), Pagination.CURSOR, "items", Secret.of(ShopApiServer.TOKEN));
            try (HttpPollingSource source = start(config, kafka)) {
                raw.awaitAtLeast(5, WAIT);
                RawSale last = byLine(raw.settle(QUIET), 5).get("EC-2#1");
                assertThat(last.origin()).isEqualTo(api.url() + "#cursor=c-4&item=1");

                // when items are appended, then the source, asking the last cursor again, publishes only them
                api.addItems(5, 8);
                raw.awaitAtLeast(8, WAIT);
                byLine(raw.settle(QUIET), 8);
            }
            assertThat(lastState(kafka, "loja-cursor").position()).isEqualTo("cursor=c-8");

            api.addItems(8, 9);
            int before = api.queries().size();
            try (HttpPollingSource restarted = start(config, kafka)) {
                raw.awaitAtLeast(9, WAIT);
                byLine(raw.settle(QUIET), 9);
            }
            assertThat(api.queries().get(before)).isEqualTo("page_size=2&cursor=c-8");
            assertThat(lastState(kafka, "loja-cursor")).satisfies(s -> {
                assertThat(s.position()).isEqualTo("cursor=c-8&seen=1");
                assertThat(s.records()).isEqualTo(9);
            });
        }
    }

    @Test
    void shouldPublishNothingAndKeepAskingWhenTheApiRefusesTheToken() throws Exception {
        TestKafka kafka = TestKafka.forTest("http-refused");
        try (ShopApiServer api = new ShopApiServer(false);
             CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            api.addItems(0, 2);
            HttpSourceConfig config = config("loja-recusada", api.url(), Pagination.PAGE, "data.items", Secret.of("Bearer wrong"));
            try (HttpPollingSource source = start(config, kafka)) {
                assertThat(raw.settle(Duration.ofSeconds(2))).isEmpty();
            }
            assertThat(api.unauthorised()).as("asked again every poll interval, never skipping the page").isGreaterThan(2);
            assertThat(api.queries()).containsOnly("page=1&page_size=3");
        }
    }

    private HttpSourceConfig config(String name, String url, Pagination pagination, String itemsPath, Secret token)
            throws Exception {
        Path mapping = dir.resolve("loja.yml");
        Files.writeString(mapping, String.join("\n",
                "source: loja-web",
                "time-zone: America/Sao_Paulo",
                "fields:",
                "  sale_id:     { path: order.id }",
                "  sold_at:     { path: order.created_at }",
                "  store_id:    { constant: WEB }",
                "  store_state: { path: order.state }",
                "  channel:     { constant: ecommerce }",
                "  currency:    { constant: BRL }",
                "  line_no:     { path: item.n }",
                "  sku:         { path: item.sku }",
                "  quantity:    { path: item.qty }",
                "  unit_price:  { path: item.price }",
                ""));
        int pageSize = pagination == Pagination.PAGE ? 3 : 2;
        return new HttpSourceConfig(name, url, pagination, itemsPath, "page", "page_size", pageSize, "cursor", "meta.next",
                Optional.of("Authorization"), token, 50, 3, Duration.ofMillis(200), mapping);
    }

    private static HttpPollingSource start(HttpSourceConfig config, TestKafka kafka) {
        RowMapper mapper = new RowMapper(MappingLoader.load(config.mapping(), Map.of()));
        HttpPollingSource source = new HttpPollingSource(config, kafka.topics(), kafka.bootstrap(), mapper, Clock.systemUTC());
        Thread thread = new Thread(source, "http-source-" + config.name());
        thread.setDaemon(true);
        thread.start();
        return source;
    }

    private static Map<String, RawSale> byLine(List<RawSale> sales, int count) {
        return CommittedRecords.exactlyOncePerLine(sales, count);
    }

    private static SourceState lastState(TestKafka kafka, String source) {
        return CommittedRecords.lastState(kafka.topics(), kafka.bootstrap(), source, WAIT);
    }
}
