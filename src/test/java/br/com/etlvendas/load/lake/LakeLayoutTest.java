package br.com.etlvendas.load.lake;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeLayoutTest {

    @Test
    void shouldNameDataFilesAfterDatePartitionAndOffsetsPaddedToSortByOffset() {
        // when
        String key = LakeLayout.dataKey(LocalDate.of(2026, 11, 30), 2, 123, 456);

        // then
        assertThat(key).isEqualTo("dt=2026-11-30/part-p2-o0000000000000000123-o0000000000000000456.parquet");
        assertThat(LakeLayout.dataKey(LocalDate.of(2026, 11, 30), 2, 9, 99))
                .isLessThan(LakeLayout.dataKey(LocalDate.of(2026, 11, 30), 2, 100, 200));
    }

    @Test
    void shouldGiveTheSameNameToTheSameBatchSoARewriteReplacesIt() {
        assertThat(LakeLayout.dataKey(LocalDate.of(2026, 1, 2), 0, 5, 7))
                .isEqualTo(LakeLayout.dataKey(LocalDate.of(2026, 1, 2), 0, 5, 7))
                .isNotEqualTo(LakeLayout.dataKey(LocalDate.of(2026, 1, 2), 0, 5, 8))
                .isNotEqualTo(LakeLayout.dataKey(LocalDate.of(2026, 1, 2), 1, 5, 7));
    }

    @Test
    void shouldFileASaleUnderItsLocalDateNotItsUtcDate() {
        // given a sale at 23:30 in São Paulo, already 1 December in UTC
        var sale = LakeSales.sale("S-1", OffsetDateTime.parse("2026-11-30T23:30:00-03:00"), LakeSales.line(1, "1", "10.00", "10.00"));

        // then
        assertThat(LakeLayout.saleDate(sale)).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(LakeLayout.dateDirectory(LakeLayout.saleDate(sale))).isEqualTo("dt=2026-11-30");
    }

    @Test
    void shouldKeepStateUnderAnUnderscoreDirectoryThatParquetReadersSkip() {
        assertThat(LakeLayout.stateKey("sales.clean", 2)).isEqualTo("_state/sales.clean/p2.json");
    }

    @Test
    void shouldRefuseANegativeOffset() {
        assertThatThrownBy(() -> LakeLayout.dataKey(LocalDate.of(2026, 1, 2), 0, -1, 7))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
