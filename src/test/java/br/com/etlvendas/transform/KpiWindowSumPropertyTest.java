package br.com.etlvendas.transform;

import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.KpiWindow;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterTry;
import net.jqwik.api.lifecycle.BeforeTry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For any set of sales and cancellations, in any arrival order, the windows of each size and dimension add
 * up, per currency, to exactly the revenue, lines and orders that went in: nothing lost, counted twice, or
 * added across currencies.
 */
class KpiWindowSumPropertyTest {

    private static final long BASE = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
    private Path stateDir;

    @BeforeTry
    void makeStateDir() throws IOException {
        stateDir = Files.createTempDirectory("kpi-window-sum");
    }

    @AfterTry
    void removeStateDir() throws IOException {
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Provide
    Arbitrary<SaleDelta> sales() {
        Arbitrary<SaleDelta.LineDelta> line = Combinators.combine(
                Arbitraries.of("Mercearia", "Bebidas", "Limpeza"),
                Arbitraries.of("A", "B", "C", "D"),
                Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("9999.99")).ofScale(4),
                Arbitraries.integers().between(1, 9))
                .as((category, sku, revenue, units) -> new SaleDelta.LineDelta(category, sku, "Produto " + sku, revenue,
                        BigDecimal.valueOf(units), 1));
        return Combinators.combine(
                Arbitraries.longs().between(0, 3L * 24 * 3600 * 1000),
                Arbitraries.of("BRL", "USD"),
                Arbitraries.of("SP", "RJ", "MG"),
                line.list().ofMinSize(1).ofMaxSize(4))
                .as((offset, currency, state, lines) -> new SaleDelta("id", BASE + offset, currency, "LJ-" + state, state,
                        "STORE", "PIX", 1, lines));
    }

    @Property(tries = 25)
    void shouldAddUpPerCurrencyToTheInputsForAnyArrivalOrder(@ForAll("salesList") List<SaleDelta> generated,
                                                              @ForAll long shuffleSeed) {
        // given distinct sales, every third of them cancelled afterwards
        List<SaleDelta> changes = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            SaleDelta g = generated.get(i);
            SaleDelta sale = new SaleDelta("S-" + i, g.soldAtMillis(), g.currency(), g.store(), g.state(), g.channel(),
                    g.payment(), 1, g.lines());
            changes.add(sale);
            if (i % 3 == 2) {
                changes.add(sale.negated());
            }
        }
        // shuffled, except that a cancellation comes after its sale (as the sale's partition guarantees)
        List<SaleDelta> order = new ArrayList<>(changes);
        Collections.shuffle(order, new Random(shuffleSeed));
        List<SaleDelta> arrival = new ArrayList<>();
        for (SaleDelta d : order) {
            if (d.orders() < 0) {
                continue;
            }
            arrival.add(d);
            changes.stream().filter(c -> c.orders() < 0 && c.saleId().equals(d.saleId())).findFirst().ifPresent(arrival::add);
        }
        Map<String, BigDecimal> expectedRevenue = new TreeMap<>();
        Map<String, Long> expectedLines = new TreeMap<>();
        Map<String, Long> expectedOrders = new TreeMap<>();
        for (SaleDelta d : arrival) {
            for (SaleDelta.LineDelta l : d.lines()) {
                expectedRevenue.merge(d.currency(), l.revenue(), BigDecimal::add);
                expectedLines.merge(d.currency(), (long) l.lines(), Long::sum);
            }
            expectedOrders.merge(d.currency(), (long) d.orders(), Long::sum);
        }

        // when
        Map<String, KpiWindow> published;
        try (KpiWindowDeltas windows = new KpiWindowDeltas(stateDir, EnumSet.allOf(WindowSize.class), Duration.ofDays(30))) {
            arrival.forEach(windows::send);
            published = windows.latest();
        }

        // then every size and sale-level dimension adds up to the inputs, per currency
        for (WindowSize size : WindowSize.values()) {
            for (String dimension : List.of("all", "store", "state", "channel", "payment")) {
                Map<String, BigDecimal> revenue = new TreeMap<>();
                Map<String, Long> lines = new TreeMap<>();
                Map<String, Long> orders = new TreeMap<>();
                for (KpiWindow w : published.values()) {
                    if (w.size().equals(size.label()) && w.dimension().equals(dimension)) {
                        revenue.merge(w.currency(), w.revenue().amount(), BigDecimal::add);
                        lines.merge(w.currency(), w.lines(), Long::sum);
                        orders.merge(w.currency(), w.orders(), Long::sum);
                    }
                }
                expectedRevenue.forEach((currency, amount) -> assertThat(revenue.getOrDefault(currency, BigDecimal.ZERO))
                        .as(size + " " + dimension + " revenue in " + currency).isEqualByComparingTo(amount));
                assertThat(lines).as(size + " " + dimension + " lines").isEqualTo(expectedLines);
                assertThat(orders).as(size + " " + dimension + " orders").isEqualTo(expectedOrders);
            }
        }
    }

    @Provide
    Arbitrary<List<SaleDelta>> salesList() {
        return sales().list().ofMinSize(1).ofMaxSize(30);
    }
}
