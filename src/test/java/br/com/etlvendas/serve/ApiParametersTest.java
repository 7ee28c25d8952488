package br.com.etlvendas.serve;

import br.com.etlvendas.serve.WarehouseApi.Grouping;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiParametersTest {

    private static final ZoneId SAO_PAULO = ZoneId.of("America/Sao_Paulo");

    private static ApiParameters params(Map<String, String> values) {
        return new ApiParameters(values, SAO_PAULO);
    }

    @Test
    void shouldReadBareDatesAsMidnightInTheZoneAndIncludeTheWholeToDay() {
        // when
        WarehouseFilter f = params(Map.of("from", "2026-11-29", "to", "2026-11-29", "store", " S1 ")).filter();

        // then
        assertThat(f.from()).contains(Instant.parse("2026-11-29T03:00:00Z"));
        assertThat(f.to()).as("to=2026-11-29 includes that day").contains(Instant.parse("2026-11-30T03:00:00Z"));
        assertThat(f.store()).contains("S1");
        assertThat(f.state()).isEmpty();
    }

    @Test
    void shouldReadDateTimesWithTheirOffset() {
        // when
        WarehouseFilter f = params(Map.of("from", "2026-11-29T10:00:00-03:00")).filter();

        // then
        assertThat(f.from()).contains(Instant.parse("2026-11-29T13:00:00Z"));
    }

    @Test
    void shouldNameAnUnreadableDateInTheError() {
        assertThatThrownBy(() -> params(Map.of("from", "29/11/2026")).filter())
                .isInstanceOfSatisfying(BadParameter.class, e -> {
                    assertThat(e.parameter()).isEqualTo("from");
                    assertThat(e.getMessage()).contains("29/11/2026");
                });
    }

    @Test
    void shouldRefuseARangeThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> params(Map.of("from", "2026-11-30", "to", "2026-11-28")).filter())
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("to"));
    }

    @Test
    void shouldRefuseNumbersOutsideTheirBoundsOrNotNumbersAtAll() {
        assertThat(params(Map.of()).integer("size", 50, 1, 500)).isEqualTo(50);
        assertThat(params(Map.of("size", "500")).integer("size", 50, 1, 500)).isEqualTo(500);
        for (String bad : new String[]{"0", "501", "-1", "ten", "1e3", "99999999999"}) {
            assertThatThrownBy(() -> params(Map.of("size", bad)).integer("size", 50, 1, 500))
                    .as(bad).isInstanceOfSatisfying(BadParameter.class, e -> {
                        assertThat(e.parameter()).isEqualTo("size");
                        assertThat(e.getMessage()).contains("from 1 to 500");
                    });
        }
    }

    @Test
    void shouldReadAChoiceByItsLabelInAnyCaseAndListTheChoicesWhenUnknown() {
        assertThat(params(Map.of("by", "HOUR")).choice("by", Grouping.class, Grouping::label, null)).isEqualTo(Grouping.HOUR);
        assertThat(params(Map.of()).choice("by", Grouping.class, Grouping::label, null)).isNull();
        assertThatThrownBy(() -> params(Map.of("by", "week")).choice("by", Grouping.class, Grouping::label, null))
                .isInstanceOfSatisfying(BadParameter.class, e -> {
                    assertThat(e.parameter()).isEqualTo("by");
                    assertThat(e.getMessage()).contains("minute, hour, day, store, state, channel, category, payment, source");
                });
    }

    @Test
    void shouldRefuseOverlongFilterValues() {
        assertThatThrownBy(() -> params(Map.of("store", "x".repeat(201))).filter())
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("store"));
    }

    @Test
    void shouldRefuseADimensionAsTheDashboardsTimeBucket() {
        assertThat(WarehouseApiHandler.bucket(params(Map.of()))).isEqualTo(Grouping.HOUR);
        assertThatThrownBy(() -> WarehouseApiHandler.bucket(params(Map.of("bucket", "state"))))
                .isInstanceOfSatisfying(BadParameter.class, e -> assertThat(e.parameter()).isEqualTo("bucket"));
    }

    @Test
    void shouldBindEveryFilterValueAsAParameterNeverIntoTheSql() {
        // given a value that would break SQL text
        WarehouseFilter f = params(Map.of("store", "x' OR '1'='1", "from", "2026-11-29")).filter();

        // when
        WarehouseFilter.Where where = f.where();

        // then
        assertThat(where.sql()).isEqualTo(" WHERE sold_at >= ? AND store_id = ?");
        assertThat(where.values()).hasSize(2).contains("x' OR '1'='1");
    }
}
