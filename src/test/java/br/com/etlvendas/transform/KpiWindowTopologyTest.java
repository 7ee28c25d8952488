package br.com.etlvendas.transform;

import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.config.TopicsConfig;
import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.KpiLateEvents;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.KpiWindow;
import br.com.etlvendas.sale.KpiWindowProduct;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.transform.step.TransformationChain;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The KPI-window branch of {@link SalesTopology}, from raw sales to the three KPI-window topics. */
class KpiWindowTopologyTest {

    private static final Instant NOW = Instant.parse("2024-03-02T12:00:00Z");
    private static final Duration EMIT = Duration.ofSeconds(1);
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private Topics topics;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, KpiWindow> windows;
    private TestOutputTopic<String, KpiWindowProduct> products;
    private TestOutputTopic<String, KpiLateEvents> late;

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(Set<WindowSize> sizes, Duration grace) {
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.empty(), id.defaultCleanupPolicy()));
        }
        topics = Topics.from(new TopicsConfig(specs));
        KpiWindowsConfig config = new KpiWindowsConfig(sizes, EnumSet.allOf(KpiWindowsConfig.Dimension.class), SAO_PAULO,
                grace, 10);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kpi-windows-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        driver = new TopologyTestDriver(SalesTopology.build(topics,
                new PipelineConfig("kpi-windows-test", Duration.ofDays(1), Duration.ofMillis(100), EMIT),
                TransformationChain.none(), new PoisonRecords(clock), config, clock), props);
        raw = driver.createInputTopic(topics.raw().name(), new StringSerializer(), new ByteArraySerializer());
        windows = driver.createOutputTopic(topics.kpiWindows().name(), topics.kpiWindows().keySerde().deserializer(),
                topics.kpiWindows().valueSerde().deserializer());
        products = driver.createOutputTopic(topics.kpiWindowProducts().name(), topics.kpiWindowProducts().keySerde().deserializer(),
                topics.kpiWindowProducts().valueSerde().deserializer());
        late = driver.createOutputTopic(topics.kpiLateEvents().name(), topics.kpiLateEvents().keySerde().deserializer(),
                topics.kpiLateEvents().valueSerde().deserializer());
    }

    private static RawSaleLine line(int no, String category, String sku, String qty, String net) {
        return new RawSaleLine(Integer.toString(no), sku, "Produto " + sku, category, qty, null, null, net);
    }

    private static RawSale sale(String id, String soldAt, String state, String currency, String status, RawSaleLine... lines) {
        return new RawSale(id, soldAt, "LJ-" + state, "Loja " + state, "Cidade", state, "loja", "C-1", "Ana Souza",
                "529.982.247-25", "pix", currency, status, List.of(lines), "test", "seq-" + id, null, null);
    }

    private void pipe(RawSale sale) {
        raw.pipeInput(sale.saleId(), topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale), NOW);
    }

    /** The latest published value per key, after one emit interval. */
    private Map<String, KpiWindow> latestWindows() {
        driver.advanceWallClockTime(EMIT);
        return windows.readKeyValuesToMap();
    }

    private static KpiWindow only(Map<String, KpiWindow> published, String size, String dimension, String value, String currency) {
        List<KpiWindow> found = published.values().stream().filter(w -> w.size().equals(size) && w.dimension().equals(dimension)
                && w.value().equals(value) && w.currency().equals(currency)).toList();
        assertThat(found).as(size + " " + dimension + "=" + value + " " + currency).hasSize(1);
        return found.get(0);
    }

    @Test
    void shouldSumEachDayOfSaleTimeInItsOwnDayWindowStartingAtMidnightInTheConfiguredZone() {
        // given day windows in São Paulo
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));

        // when two sales on 1 March (São Paulo) and one at 00:30 on 2 March São Paulo, which is still 1 March in UTC-4
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "2", "10.00")));
        pipe(sale("S-2", "2024-03-01T23:59:00-03:00", "RJ", "BRL", "pago", line(1, "Mercearia", "A", "1", "5.50")));
        pipe(sale("S-3", "2024-03-01T23:30:00-04:00", "SP", "BRL", "pago", line(1, "Bebidas", "B", "3", "7.25")));
        Map<String, KpiWindow> published = latestWindows();

        // then
        KpiWindow first = published.values().stream().filter(w -> w.dimension().equals("all")
                && w.windowStart().equals(Instant.parse("2024-03-01T03:00:00Z"))).findFirst().orElseThrow();
        assertThat(first.windowEnd()).isEqualTo(Instant.parse("2024-03-02T03:00:00Z"));
        assertThat(first.revenue().amount()).isEqualByComparingTo("15.50");
        assertThat(first.orders()).isEqualTo(2);
        assertThat(first.lines()).isEqualTo(2);
        assertThat(first.units()).isEqualByComparingTo("3");
        KpiWindow second = published.values().stream().filter(w -> w.dimension().equals("all")
                && w.windowStart().equals(Instant.parse("2024-03-02T03:00:00Z"))).findFirst().orElseThrow();
        assertThat(second.revenue().amount()).isEqualByComparingTo("7.25");
        assertThat(second.orders()).isEqualTo(1);
    }

    @Test
    void shouldPutOneSaleInItsMinuteHourAndDayWindows() {
        // given
        start(EnumSet.allOf(WindowSize.class), Duration.ofDays(30));

        // when
        pipe(sale("S-1", "2024-03-01T10:17:42-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        Map<String, KpiWindow> published = latestWindows();

        // then
        assertThat(only(published, "minute", "all", "all", "BRL").windowStart()).isEqualTo(Instant.parse("2024-03-01T13:17:00Z"));
        assertThat(only(published, "minute", "all", "all", "BRL").windowEnd()).isEqualTo(Instant.parse("2024-03-01T13:18:00Z"));
        assertThat(only(published, "hour", "all", "all", "BRL").windowStart()).isEqualTo(Instant.parse("2024-03-01T13:00:00Z"));
        assertThat(only(published, "day", "all", "all", "BRL").windowStart()).isEqualTo(Instant.parse("2024-03-01T03:00:00Z"));
        assertThat(published.values()).allSatisfy(w -> assertThat(w.revenue().amount()).isEqualByComparingTo("10.00"));
    }

    @Test
    void shouldCountAnOrderOnceInEachDimensionValueWhenItsLinesArriveInSeparateRecords() {
        // given
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));

        // when one order's three lines arrive one per record (as CSV exports send them), two of them in one category
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(2, "Mercearia", "B", "1", "20.00")));
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(3, "Bebidas", "C", "1", "30.00")));
        Map<String, KpiWindow> published = latestWindows();

        // then
        KpiWindow all = only(published, "day", "all", "all", "BRL");
        assertThat(all.orders()).isEqualTo(1);
        assertThat(all.lines()).isEqualTo(3);
        assertThat(all.revenue().amount()).isEqualByComparingTo("60.00");
        assertThat(only(published, "day", "state", "SP", "BRL").orders()).isEqualTo(1);
        assertThat(only(published, "day", "payment", "PIX", "BRL").orders()).isEqualTo(1);
        assertThat(only(published, "day", "channel", "STORE", "BRL").orders()).isEqualTo(1);
        KpiWindow grocery = only(published, "day", "category", "Mercearia", "BRL");
        assertThat(grocery.orders()).isEqualTo(1);
        assertThat(grocery.lines()).isEqualTo(2);
        assertThat(grocery.revenue().amount()).isEqualByComparingTo("30.00");
        assertThat(only(published, "day", "category", "Bebidas", "BRL").orders()).isEqualTo(1);
    }

    @Test
    void shouldNeverAddRevenueOfDifferentCurrencies() {
        // given
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));

        // when
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        pipe(sale("S-2", "2024-03-01T11:00:00-03:00", "SP", "USD", "pago", line(1, "Mercearia", "A", "1", "3.00")));
        Map<String, KpiWindow> published = latestWindows();

        // then
        assertThat(only(published, "day", "all", "all", "BRL").revenue().amount()).isEqualByComparingTo("10.00");
        assertThat(only(published, "day", "all", "all", "USD").revenue().amount()).isEqualByComparingTo("3.00");
        driver.advanceWallClockTime(EMIT);
        assertThat(products.readValuesToList()).extracting(KpiWindowProduct::currency).containsExactlyInAnyOrder("BRL", "USD");
        List<KpiTotals> totals = driver.createOutputTopic(topics.kpiTotals().name(), topics.kpiTotals().keySerde().deserializer(),
                topics.kpiTotals().valueSerde().deserializer()).readValuesToList();
        KpiTotals last = totals.get(totals.size() - 1);
        assertThat(last.revenueByCurrency()).containsOnlyKeys("BRL", "USD");
        assertThat(last.revenueByCurrency().get("BRL").amount()).isEqualByComparingTo("10.00");
        assertThat(last.revenueByCurrency().get("USD").amount()).isEqualByComparingTo("3.00");
    }

    @Test
    void shouldLeaveCancelledSalesOutOfTheWindows() {
        // given
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));

        // when
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        pipe(sale("S-2", "2024-03-01T11:00:00-03:00", "SP", "BRL", "cancelado", line(1, "Mercearia", "A", "1", "99.00")));

        // then
        KpiWindow all = only(latestWindows(), "day", "all", "all", "BRL");
        assertThat(all.revenue().amount()).isEqualByComparingTo("10.00");
        assertThat(all.orders()).isEqualTo(1);
    }

    @Test
    void shouldCountSalesLaterThanTheGraceAsLateEventsAndLeaveThemOutOfTheirWindow() {
        // given hour windows with 10 minutes' grace
        start(Set.of(WindowSize.HOUR), Duration.ofMinutes(10));
        pipe(sale("S-1", "2024-03-01T10:05:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        pipe(sale("S-2", "2024-03-01T11:09:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "1.00")));

        // when one sale for 10:00-11:00 arrives within the grace (stream time 11:09), then time moves to 11:10, and another arrives
        pipe(sale("S-3", "2024-03-01T10:30:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "5.00")));
        pipe(sale("S-4", "2024-03-01T11:10:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "2.00")));
        pipe(sale("S-5", "2024-03-01T10:59:00-03:00", "SP", "BRL", "pago",
                line(1, "Mercearia", "A", "1", "100.00"), line(2, "Bebidas", "B", "1", "1.00")));
        Map<String, KpiWindow> published = latestWindows();

        // then
        KpiWindow ten = published.values().stream().filter(w -> w.dimension().equals("all")
                && w.windowStart().equals(Instant.parse("2024-03-01T13:00:00Z"))).findFirst().orElseThrow();
        assertThat(ten.revenue().amount()).isEqualByComparingTo("15.00");
        assertThat(ten.orders()).isEqualTo(2);
        List<KpiLateEvents> lateEvents = late.readValuesToList();
        assertThat(lateEvents).hasSize(1);
        assertThat(lateEvents.get(0).size()).isEqualTo("hour");
        assertThat(lateEvents.get(0).records()).isEqualTo(1);
        assertThat(lateEvents.get(0).lines()).isEqualTo(2);
    }

    @Test
    void shouldPublishEachProductsRevenuePerWindow() {
        // given
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));

        // when
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago",
                line(1, "Mercearia", "A", "2", "10.00"), line(2, "Mercearia", "B", "1", "4.00")));
        pipe(sale("S-2", "2024-03-01T11:00:00-03:00", "RJ", "BRL", "pago", line(1, "Mercearia", "A", "1", "5.00")));
        driver.advanceWallClockTime(EMIT);

        // then
        Map<String, KpiWindowProduct> published = products.readKeyValuesToMap();
        assertThat(published).hasSize(2);
        KpiWindowProduct a = published.values().stream().filter(p -> p.sku().equals("A")).findFirst().orElseThrow();
        assertThat(a.revenue().amount()).isEqualByComparingTo("15.00");
        assertThat(a.units()).isEqualByComparingTo("3");
        assertThat(a.lines()).isEqualTo(2);
        assertThat(a.productName()).isEqualTo("Produto A");
    }

    @Test
    void shouldPublishOnlyOnTheEmitCadenceNotOncePerRecord() {
        // given
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));

        // when 50 sales arrive between two emits
        for (int i = 0; i < 50; i++) {
            pipe(sale("S-" + i, "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "1.00")));
        }
        assertThat(windows.isEmpty()).as("nothing published before the emit interval").isTrue();
        driver.advanceWallClockTime(EMIT);

        // then one record per window cell, with every sale in it
        List<KpiWindow> out = windows.readValuesToList();
        assertThat(out).hasSize(6);
        assertThat(out).allSatisfy(w -> assertThat(w.orders()).isEqualTo(50));
    }

    private static RawSale whole(RawSale s) {
        return s.withVersion(null, true);
    }

    @Test
    void shouldMoveTheWindowsByTheDifferenceWhenANewVersionCorrectsAPriceAndDropsALine() {
        // given a whole sale of two lines
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));
        pipe(whole(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago",
                line(1, "Mercearia", "A", "2", "10.00"), line(2, "Bebidas", "B", "1", "5.00"))));
        pipe(whole(sale("S-2", "2024-03-01T11:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "1.00"))));

        // when its new version corrects line 1's amount and no longer has line 2
        pipe(whole(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "2", "8.00"))));
        Map<String, KpiWindow> published = latestWindows();

        // then the day holds the corrected sale and the other one, each order once
        KpiWindow all = only(published, "day", "all", "all", "BRL");
        assertThat(all.revenue().amount()).isEqualByComparingTo("9.00");
        assertThat(all.orders()).isEqualTo(2);
        assertThat(all.lines()).isEqualTo(2);
        assertThat(all.units()).isEqualByComparingTo("3");
        KpiWindow drinks = only(published, "day", "category", "Bebidas", "BRL");
        assertThat(drinks.revenue().amount()).isEqualByComparingTo("0");
        assertThat(drinks.orders()).isZero();
        assertThat(drinks.lines()).isZero();
        assertThat(only(published, "day", "category", "Mercearia", "BRL").orders()).isEqualTo(2);
        driver.advanceWallClockTime(EMIT);
        Map<String, KpiWindowProduct> byProduct = products.readKeyValuesToMap();
        KpiWindowProduct a = byProduct.values().stream().filter(p -> p.sku().equals("A")).findFirst().orElseThrow();
        assertThat(a.revenue().amount()).isEqualByComparingTo("9.00");
        assertThat(a.lines()).isEqualTo(2);
    }

    @Test
    void shouldTakeACancelledSalesRevenueAndOrderOutOfItsWindows() {
        // given
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));
        pipe(whole(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "2", "10.00"))));
        pipe(whole(sale("S-2", "2024-03-01T11:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "1.00"))));
        assertThat(only(latestWindows(), "day", "all", "all", "BRL").orders()).isEqualTo(2);

        // when S-1 is cancelled
        pipe(whole(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "cancelado", line(1, "Mercearia", "A", "2", "10.00"))));
        Map<String, KpiWindow> published = latestWindows();

        // then
        KpiWindow all = only(published, "day", "all", "all", "BRL");
        assertThat(all.revenue().amount()).isEqualByComparingTo("1.00");
        assertThat(all.orders()).isEqualTo(1);
        assertThat(all.lines()).isEqualTo(1);
        assertThat(only(published, "day", "state", "SP", "BRL").orders()).isEqualTo(1);
        assertThat(only(published, "day", "category", "Mercearia", "BRL").orders()).isEqualTo(1);
    }

    @Test
    void shouldMoveACorrectedSaleToTheDayAndStateItsNewVersionGives() {
        // given
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));
        pipe(whole(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00"))));
        latestWindows();

        // when the new version says it was sold the next day, in Rio
        pipe(whole(sale("S-1", "2024-03-02T09:00:00-03:00", "RJ", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00"))));
        Map<String, KpiWindow> published = latestWindows();

        // then it left 1 March and SP and counts on 2 March in RJ
        Map<Instant, KpiWindow> allByDay = new java.util.HashMap<>();
        published.values().stream().filter(w -> w.dimension().equals("all")).forEach(w -> allByDay.put(w.windowStart(), w));
        assertThat(allByDay.get(Instant.parse("2024-03-01T03:00:00Z")).orders()).isZero();
        assertThat(allByDay.get(Instant.parse("2024-03-01T03:00:00Z")).revenue().amount()).isEqualByComparingTo("0");
        assertThat(allByDay.get(Instant.parse("2024-03-02T03:00:00Z")).orders()).isEqualTo(1);
        assertThat(allByDay.get(Instant.parse("2024-03-02T03:00:00Z")).revenue().amount()).isEqualByComparingTo("10.00");
        assertThat(published.values().stream().filter(w -> w.dimension().equals("state") && w.value().equals("RJ")))
                .singleElement().satisfies(w -> assertThat(w.orders()).isEqualTo(1));
    }

    @Test
    void shouldReplaceOnlyTheCorrectedLineWhenAPerLineSourceResendsOneLine() {
        // given a per-line source (no version, not whole): an order of two lines sent as two records
        start(Set.of(WindowSize.DAY), Duration.ofDays(30));
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(2, "Bebidas", "B", "1", "5.00")));

        // when line 2 is re-sent with a corrected amount, and line 1 again unchanged (a duplicate)
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(2, "Bebidas", "B", "1", "4.50")));
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        Map<String, KpiWindow> published = latestWindows();

        // then
        KpiWindow all = only(published, "day", "all", "all", "BRL");
        assertThat(all.revenue().amount()).isEqualByComparingTo("14.50");
        assertThat(all.orders()).isEqualTo(1);
        assertThat(all.lines()).isEqualTo(2);
        assertThat(only(published, "day", "category", "Bebidas", "BRL").revenue().amount()).isEqualByComparingTo("4.50");
        assertThat(only(published, "day", "category", "Bebidas", "BRL").orders()).isEqualTo(1);
    }

    @Test
    void shouldLeaveTheTopologyWithoutAnyWindowStoreWhenNoSizeIsConfigured() {
        // given / when
        start(Set.of(), Duration.ofDays(1));

        // then
        assertThat(driver.getAllStateStores()).doesNotContainKeys(KpiWindowAggregator.STORE, KpiWindowAggregator.ORDERS_STORE,
                WindowContributions.STORE);
        pipe(sale("S-1", "2024-03-01T10:00:00-03:00", "SP", "BRL", "pago", line(1, "Mercearia", "A", "1", "10.00")));
        driver.advanceWallClockTime(EMIT);
        assertThat(windows.isEmpty()).isTrue();
    }
}
