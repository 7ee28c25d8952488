package br.com.etlvendas.load.lake;

import br.com.etlvendas.sale.Sale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;

class ParquetStagingTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneParquetFilePerSaleDateWithExactDecimalsAndInstantsInOnePartitionedCopy() throws Exception {
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
            SortedMap<LocalDate, Path> files = staging.writeParquet(1, dir.resolve("out"));

            // then
            assertThat(files).containsOnlyKeys(LocalDate.of(2026, 11, 30), LocalDate.of(2026, 12, 1));
            Files.move(files.get(LocalDate.of(2026, 11, 30)), dir.resolve("a.parquet"));
            Files.move(files.get(LocalDate.of(2026, 12, 1)), dir.resolve("b.parquet"));
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
            assertThat(staging.writeParquet(0, dir.resolve("out0"))).isEmpty();
            assertThat(staging.writeParquet(1, dir.resolve("out1"))).hasSize(1);
            staging.append(LakeSales.numbered(4), 0, 2);
            assertThat(staging.writeParquet(0, dir.resolve("out0"))).hasSize(1);
        }
    }

    @Test
    void shouldWriteABatchLargerThanOneCopyMayHoldInTheSmallestMemoryAsOneFilePerDateInOffsetOrder() throws Exception {
        try (ParquetStaging staging = new ParquetStaging(dir.resolve("work"), 32)) {
            // given more lines than one partitioned COPY may hold at 32 MB, over 400 dates, and one date alone with more
            long perCopy = staging.rowsPerCopy();
            OffsetDateTime day0 = OffsetDateTime.parse("2024-01-01T12:00:00-03:00");
            long offset = 0;
            long lines = 0;
            for (int i = 0; lines < 3 * perCopy; i++) {
                Sale s = LakeSales.sale("S-" + i, day0.plusDays(i % 400), LakeSales.line(2, "1", "7.50", "7.50"),
                        LakeSales.line(1, "2", "0.0125", "0.0250"));
                staging.append(s, 0, offset++);
                lines += 2;
            }
            for (int i = 0; i <= perCopy; i++) {
                staging.append(LakeSales.sale("B-" + i, day0.plusDays(1000), LakeSales.line(1, "1", "1.00", "1.00")), 0, offset++);
                lines++;
            }

            // when
            SortedMap<LocalDate, Path> files = staging.writeParquet(0, dir.resolve("out"));

            // then every date has one file, every line is there once, and each file is in (offset, line) order
            assertThat(files).hasSize(401);
            assertThat(files.firstKey()).isEqualTo(LocalDate.of(2024, 1, 1));
            assertThat(files.lastKey()).isEqualTo(LocalDate.of(2024, 1, 1).plusDays(1000));
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (sale_id, line_no)), count(DISTINCT filename), "
                         + "count(*) FILTER (WHERE NOT in_order) FROM (SELECT sale_id, line_no, filename, (kafka_offset, line_no) "
                         + "> lag((kafka_offset, line_no), 1, (-1, 0)) OVER (PARTITION BY filename ORDER BY file_row_number) AS in_order "
                         + "FROM read_parquet('" + dir.resolve("out") + "/*/*.parquet', filename = true, file_row_number = true))")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(lines);
                assertThat(rs.getLong(2)).isEqualTo(lines);
                assertThat(rs.getLong(3)).isEqualTo(401);
                assertThat(rs.getLong(4)).isZero();
            }
        }
    }
}
