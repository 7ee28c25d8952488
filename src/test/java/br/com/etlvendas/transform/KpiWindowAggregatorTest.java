package br.com.etlvendas.transform;

import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.KpiWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Corrections and cancellations reach the windows as negative changes: they take away exactly what they undo. */
class KpiWindowAggregatorTest {

    private static final long SOLD_AT = OffsetDateTime.parse("2024-03-01T10:00:00-03:00").toInstant().toEpochMilli();

    @TempDir
    Path stateDir;

    private static SaleDelta.LineDelta line(String category, String sku, String revenue, String units) {
        return new SaleDelta.LineDelta(category, sku, "Produto " + sku, new BigDecimal(revenue), new BigDecimal(units), 1);
    }

    private static SaleDelta sale(String id, int orders, SaleDelta.LineDelta... lines) {
        return new SaleDelta(id, SOLD_AT, "BRL", "LJ-01", "SP", "STORE", "PIX", orders, List.of(lines));
    }

    private static KpiWindow cell(Map<String, KpiWindow> published, String dimension, String value) {
        return published.values().stream().filter(w -> w.dimension().equals(dimension) && w.value().equals(value))
                .findFirst().orElseThrow();
    }

    @Test
    void shouldTakeAwayACancelledSaleEntirelyWithItsNegatedDelta() {
        try (KpiWindowDeltas windows = new KpiWindowDeltas(stateDir, Set.of(WindowSize.DAY), Duration.ofDays(1))) {
            // given two sales in one day
            SaleDelta first = sale("S-1", 1, line("Mercearia", "A", "10.00", "2"), line("Bebidas", "B", "5.00", "1"));
            windows.send(first);
            windows.send(sale("S-2", 1, line("Mercearia", "A", "7.00", "1")));

            // when the first one is cancelled
            windows.send(first.negated());
            Map<String, KpiWindow> published = windows.latest();

            // then only the second one is left, in every dimension
            KpiWindow all = cell(published, "all", "all");
            assertThat(all.revenue().amount()).isEqualByComparingTo("7.00");
            assertThat(all.orders()).isEqualTo(1);
            assertThat(all.lines()).isEqualTo(1);
            assertThat(all.units()).isEqualByComparingTo("1");
            assertThat(cell(published, "category", "Mercearia").orders()).isEqualTo(1);
            assertThat(cell(published, "category", "Bebidas").orders()).isZero();
            assertThat(cell(published, "category", "Bebidas").revenue().amount()).isEqualByComparingTo("0");
        }
    }

    @Test
    void shouldKeepTheOrderInACategoryWhileItStillHasLinesThere() {
        try (KpiWindowDeltas windows = new KpiWindowDeltas(stateDir, Set.of(WindowSize.DAY), Duration.ofDays(1))) {
            // given an order with two lines in one category
            windows.send(sale("S-1", 1, line("Mercearia", "A", "10.00", "1"), line("Mercearia", "B", "4.00", "1")));

            // when a correction takes one of the lines away
            windows.send(new SaleDelta("S-1", SOLD_AT, "BRL", "LJ-01", "SP", "STORE", "PIX", 0,
                    List.of(new SaleDelta.LineDelta("Mercearia", "B", "Produto B", new BigDecimal("-4.00"), new BigDecimal("-1"), -1))));
            Map<String, KpiWindow> published = windows.latest();

            // then the order still counts once there, with one line
            KpiWindow grocery = cell(published, "category", "Mercearia");
            assertThat(grocery.orders()).isEqualTo(1);
            assertThat(grocery.lines()).isEqualTo(1);
            assertThat(grocery.revenue().amount()).isEqualByComparingTo("10.00");
            assertThat(cell(published, "all", "all").orders()).isEqualTo(1);
        }
    }
}
