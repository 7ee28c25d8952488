package br.com.etlvendas.load.lake;

import br.com.etlvendas.sale.Sale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class ParquetStagingTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneParquetFilePerSaleDateWithExactDecimalsAndInstants() throws Exception {
        // given two sales on 30 November (local time), one of them already 1 December in UTC, and one on 1 December
        Sale late = LakeSales.sale("S-1", OffsetDateTime.parse("2026-11-30T23:30:00-03:00"),
                LakeSales.line(1, "3", "19.9975", "59.9925"), LakeSales.line(2, "1", "0.01", "0.01"));
        Sale early = LakeSales.sale("S-2", OffsetDateTime.parse("2026-11-30T08:00:00-03:00"), LakeSales.line(1, "2", "5.00", "10.00"));
        Sale next = LakeSales.sale("S-3", OffsetDateTime.parse("2026-12-01T09:00:00-03:00"), LakeSales.line(1, "1", "1.50", "1.50"));
        try (ParquetStaging staging = new ParquetStaging(dir.resolve("work"), 64)) {
            staging.append(late, 1, 10);
            staging.append(early, 1, 11);
            staging.append(next, 1, 12);

            // when
            assertThat(staging.dates(1)).containsExactly(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 1));
            long written = staging.writeParquet(1, LocalDate.of(2026, 11, 30), dir.resolve("a.parquet"));
            staging.writeParquet(1, LocalDate.of(2026, 12, 1), dir.resolve("b.parquet"));

            // then
            assertThat(written).isEqualTo(3);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*), sum(net_amount), min(kafka_offset), typeof(any_value(net_amount)), "
                    + "typeof(any_value(sold_at)) FROM read_parquet('" + dir.resolve("a.parquet") + "')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(3);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(new BigDecimal("70.0025"));
                assertThat(rs.getLong(3)).isEqualTo(10);
                assertThat(rs.getString(4)).isEqualTo("DECIMAL(38,20)");
                assertThat(rs.getString(5)).isEqualTo("TIMESTAMP WITH TIME ZONE");
            }
            try (ResultSet rs = st.executeQuery("SELECT sale_id, line_no, sold_at, unit_price, attributes, product_name, "
                    + "payment_method, kafka_partition FROM read_parquet('" + dir.resolve("a.parquet") + "') ORDER BY kafka_offset, line_no")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("S-1");
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getObject(3, OffsetDateTime.class).toInstant())
                        .isEqualTo(OffsetDateTime.parse("2026-12-01T02:30:00Z").toInstant());
                assertThat(rs.getBigDecimal(4)).isEqualByComparingTo("19.9975");
                assertThat(rs.getString(5)).isEqualTo("{\"frete\":\"12,50\"}");
                assertThat(rs.getString(6)).isEqualTo("Produto \"1\"");
                assertThat(rs.getString(7)).isEqualTo("PIX");
                assertThat(rs.getInt(8)).isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*), any_value(sale_id) FROM read_parquet('" + dir.resolve("b.parquet") + "')")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1);
                assertThat(rs.getString(2)).isEqualTo("S-3");
            }
        }
    }

    @Test
    void shouldForgetADiscardedBatchAndKeepOtherPartitionsApart() throws Exception {
        try (ParquetStaging staging = new ParquetStaging(dir.resolve("work"), 64)) {
            // given
            staging.append(LakeSales.numbered(1), 0, 1);
            staging.append(LakeSales.numbered(2), 1, 1);

            // when
            staging.discard(0);

            // then
            assertThat(staging.dates(0)).isEmpty();
            assertThat(staging.dates(1)).hasSize(1);
            staging.append(LakeSales.numbered(4), 0, 2);
            assertThat(staging.dates(0)).hasSize(1);
        }
    }
}
