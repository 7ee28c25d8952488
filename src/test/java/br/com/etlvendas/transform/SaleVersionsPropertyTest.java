package br.com.etlvendas.transform;

import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.KpiWindow;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.transform.step.TransformationChain;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever order a sale's versions arrive in, and however cancellations are interleaved, the KPI totals and the
 * day windows are those of the final versions alone, and every published line is accounted for exactly once.
 * Versions alternate between two sale days, so a correction also moves a sale from one day window to the other.
 */
class SaleVersionsPropertyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
    private static final String SOURCE = "property";
    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    /** One version of one sale: its number, whether it is cancelled, and its lines' line numbers and amounts. */
    record Version(int sale, int number, boolean cancelled, Map<Integer, BigDecimal> lines) {

        /** The sale day this version gives: odd versions the 29th, even ones the 30th. */
        String day() {
            return number % 2 == 1 ? "2026-11-29" : "2026-11-30";
        }

        int lineCount() {
            return lines.size();
        }

        RawSale raw(boolean withNumber) {
            List<RawSaleLine> raw = new ArrayList<>();
            lines.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> raw.add(new RawSaleLine(
                    e.getKey().toString(), "SKU-" + e.getKey(), "Produto", "Mercado", "1", e.getValue().toPlainString(),
                    null, null)));
            RawSale s = new RawSale("P-" + sale, day() + "T09:00:00-03:00", "LJ-01", "Loja", "Campinas", "SP", "loja",
                    null, null, null, "pix", "BRL", cancelled ? "cancelado" : "pago", raw, SOURCE, "v" + number, null, null);
            return s.withVersion(withNumber ? Integer.toString(number) : null, true);
        }
    }

    @Property(tries = 60)
    void shouldEndWithTheKpisOfEachSalesHighestVersionWhateverTheirOrderOfArrival(
            @ForAll("versions") List<Version> versions, @ForAll Random shuffle) {
        // given every version of every sale, numbered, arriving in any order
        List<Version> arrival = new ArrayList<>(versions);
        java.util.Collections.shuffle(arrival, shuffle);

        // when they go through the topology
        Outcome out = throughTheTopology(arrival, true);

        // then the totals and the windows are those of the highest version of each sale
        Map<Integer, Version> last = new HashMap<>();
        for (Version v : versions) {
            last.merge(v.sale(), v, (a, b) -> a.number() >= b.number() ? a : b);
        }
        assertFinal(out, last.values(), arrival);
    }

    @Property(tries = 60)
    void shouldEndWithTheKpisOfEachSalesLastArrivedVersionWhenTheSourceGivesNoVersion(
            @ForAll("versions") List<Version> versions, @ForAll Random shuffle) {
        // given whole versions without numbers, arriving in any order: arrival decides
        List<Version> arrival = new ArrayList<>(versions);
        java.util.Collections.shuffle(arrival, shuffle);

        // when they go through the topology
        Outcome out = throughTheTopology(arrival, false);

        // then the totals and the windows are those of the last arrived version of each sale
        Map<Integer, Version> last = new HashMap<>();
        for (Version v : arrival) {
            last.put(v.sale(), v);
        }
        assertFinal(out, last.values(), arrival);
        assertThat(out.totals().staleLines()).isZero();
    }

    /** The KPI totals, and the latest "all" day window per sale day (absent when nothing ever counted that day). */
    record Outcome(KpiTotals totals, Map<String, KpiWindow> dayWindows) {
    }

    private static void assertFinal(Outcome out, java.util.Collection<Version> finals, List<Version> published) {
        KpiTotals t = out.totals();
        long lines = finals.stream().mapToLong(Version::lineCount).sum();
        BigDecimal revenue = finals.stream().filter(v -> !v.cancelled())
                .flatMap(v -> v.lines().values().stream()).reduce(BigDecimal.ZERO, BigDecimal::add);
        long orders = finals.stream().filter(v -> !v.cancelled()).count();
        assertThat(t.lines()).as("lines").isEqualTo(lines);
        assertThat(t.revenue().amount()).as("revenue").isEqualByComparingTo(revenue);
        assertThat(t.orders()).as("orders").isEqualTo(orders);
        long publishedLines = published.stream().mapToLong(Version::lineCount).sum();
        assertThat(t.lines() + t.removedLines() + t.updatedLines() + t.duplicateLines() + t.staleLines())
                .as("every published line once").isEqualTo(publishedLines);
        for (String day : List.of("2026-11-29", "2026-11-30")) {
            List<Version> counted = finals.stream().filter(v -> !v.cancelled() && v.day().equals(day)).toList();
            KpiWindow w = out.dayWindows().get(day);
            BigDecimal dayRevenue = counted.stream().flatMap(v -> v.lines().values().stream()).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (w == null) {
                assertThat(counted).as("a day with no window counts nothing").isEmpty();
                continue;
            }
            assertThat(w.revenue().amount()).as("revenue on " + day).isEqualByComparingTo(dayRevenue);
            assertThat(w.orders()).as("orders on " + day).isEqualTo(counted.size());
            assertThat(w.lines()).as("lines on " + day).isEqualTo(counted.stream().mapToLong(Version::lineCount).sum());
        }
    }

    @Provide
    Arbitrary<List<Version>> versions() {
        Arbitrary<Map<Integer, BigDecimal>> lines = Arbitraries.maps(Arbitraries.integers().between(1, 5),
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("999.99")).ofScale(2)).ofMinSize(1).ofMaxSize(4);
        Arbitrary<Boolean> cancelled = Arbitraries.integers().between(0, 3).map(n -> n == 0);
        Arbitrary<List<Version>> oneSale = Combinators.combine(Arbitraries.integers().between(1, 4),
                        cancelled.list().ofSize(5), lines.list().ofSize(5))
                .as((count, cancels, contents) -> {
                    List<Version> vs = new ArrayList<>();
                    for (int n = 1; n <= count; n++) {
                        vs.add(new Version(0, n, cancels.get(n - 1), contents.get(n - 1)));
                    }
                    return vs;
                });
        return oneSale.list().ofMinSize(1).ofMaxSize(4).map(sales -> {
            List<Version> all = new ArrayList<>();
            for (int s = 0; s < sales.size(); s++) {
                for (Version v : sales.get(s)) {
                    all.add(new Version(s, v.number(), v.cancelled(), v.lines()));
                }
            }
            return all;
        });
    }

    private static Outcome throughTheTopology(List<Version> arrival, boolean withNumbers) {
        Path state = tempDir();
        try {
            Topics catalogue = SalesTopologyDriver.defaultTopics();
            KpiWindowsConfig days = new KpiWindowsConfig(Set.of(WindowSize.DAY), EnumSet.of(KpiWindowsConfig.Dimension.ALL),
                    SAO_PAULO, Duration.ofDays(30), 10);
            try (SalesTopologyDriver t = SalesTopologyDriver.start(catalogue, SalesTopology.build(catalogue,
                    SalesTopologyDriver.pipeline("etl-vendas-test", Duration.ofSeconds(1)), TransformationChain.none(),
                    new PoisonRecords(CLOCK), days, CLOCK), state)) {
                TopologyTestDriver driver = t.driver();
                Topics topics = t.topics();
                TestInputTopic<String, byte[]> raw = t.raw();
                Instant at = CLOCK.instant();
                for (Version v : arrival) {
                    RawSale sale = v.raw(withNumbers);
                    raw.pipeInput(sale.saleId(), topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale), at);
                    at = at.plusMillis(1);
                }
                driver.advanceWallClockTime(Duration.ofSeconds(2));
                KpiTotals totals = driver.createOutputTopic(topics.kpiTotals().name(), topics.kpiTotals().keySerde().deserializer(),
                                topics.kpiTotals().valueSerde().deserializer())
                        .readKeyValuesToMap().get(KpiTotals.key(SOURCE, 0));
                Map<String, KpiWindow> byDay = new HashMap<>();
                driver.createOutputTopic(topics.kpiWindows().name(), topics.kpiWindows().keySerde().deserializer(),
                                topics.kpiWindows().valueSerde().deserializer()).readValuesToList()
                        .forEach(w -> byDay.put(w.windowStart().atZone(SAO_PAULO).toLocalDate().toString(), w));
                return new Outcome(totals, byDay);
            }
        } finally {
            delete(state);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("versions-property");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
