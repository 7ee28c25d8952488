package br.com.etlvendas.load.lake;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleRevision;
import br.com.etlvendas.sale.SaleStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped query {@code deploy/lake/sale_line_current.sql} over lake files written by {@link ParquetStaging}:
 * it must answer what the warehouse holds after the same records (latest version of each line, lines a whole
 * version dropped gone, cancelled lines kept with their status), and still read files from before the
 * {@code revision} column.
 */
class SaleLineCurrentQueryTest {

    static final Path QUERY = Path.of("deploy/lake/sale_line_current.sql");
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-28T10:00:00-03:00");

    @TempDir
    Path dir;

    @Test
    void shouldGiveTheLatestVersionOfEachLineLessTheLinesAWholeVersionRemoved() throws Exception {
        // given sale A (new, a line corrected, replaced whole without its line 3, then a line added), sale B
        // (new, then cancelled whole) and sale C in partition 1, each version in a batch file of its own
        Sale a = LakeSales.sale("A", AT, LakeSales.line(1, "1", "10.00", "10.00"), LakeSales.line(2, "1", "20.00", "20.00"),
                LakeSales.line(3, "1", "30.00", "30.00"));
        Sale aLine2 = LakeSales.sale("A", AT, LakeSales.line(2, "2", "20.00", "40.00")).revised(
                List.of(LakeSales.line(2, "2", "20.00", "40.00")), SaleRevision.LINES);
        Sale aWhole = LakeSales.sale("A", AT, LakeSales.line(1, "1", "11.00", "11.00"), LakeSales.line(2, "2", "20.00", "40.00"));
        aWhole = aWhole.revised(aWhole.lines(), SaleRevision.WHOLE);
        Sale aLine4 = LakeSales.sale("A", AT, LakeSales.line(4, "1", "4.00", "4.00"));
        aLine4 = aLine4.revised(aLine4.lines(), SaleRevision.NEW);
        Sale b = LakeSales.sale("B", AT, LakeSales.line(1, "1", "100.00", "100.00"));
        Sale bCancelled = cancelled(b).revised(b.lines(), SaleRevision.WHOLE);
        Sale c = LakeSales.sale("C", AT.plusDays(1), LakeSales.line(1, "3", "1.0001", "3.0003"));
        writeBatch(0, new Sale[]{a, b}, 0);
        writeBatch(0, new Sale[]{aLine2}, 2);
        writeBatch(0, new Sale[]{aWhole, bCancelled, aLine4}, 3);
        writeBatch(1, new Sale[]{c}, 0);

        // when the shipped query reads the lake
        List<String> lines = currentLines();

        // then A has lines 1 and 2 of its whole version and the line added after it, B its cancelled line, C its line
        assertThat(lines).containsExactly("A/1 11.00 COMPLETED WHOLE", "A/2 40.00 COMPLETED WHOLE", "A/4 4.00 COMPLETED NEW",
                "B/1 100.00 CANCELLED WHOLE", "C/1 3.0003 COMPLETED NEW");
        try (Connection conn = duck(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(net_amount) FILTER (WHERE status = 'COMPLETED') "
                     + "FROM sale_line_current('" + glob() + "')")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(5);
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(new BigDecimal("58.0003"));
        }
    }

    @Test
    void shouldReadFilesWrittenBeforeTheRevisionColumnAsNewLines() throws Exception {
        // given a file of the former layout (no revision column) and a newer file correcting one of its lines
        Path old = dir.resolve("lake/dt=2026-11-28/part-p0-o0000000000000000000-o0000000000000000000.parquet");
        Files.createDirectories(old.getParent());
        try (Connection conn = duck(); Statement st = conn.createStatement()) {
            st.execute("COPY (SELECT 'OLD' AS sale_id, n AS line_no, 0 AS kafka_partition, 0::BIGINT AS kafka_offset, "
                    + "'COMPLETED' AS status, 5.00::DECIMAL(38, 20) AS net_amount FROM range(1, 3) t(n)) TO '"
                    + old + "' (FORMAT parquet)");
        }
        Sale fix = LakeSales.sale("OLD", AT, LakeSales.line(2, "1", "7.00", "7.00"));
        writeBatch(0, new Sale[]{fix.revised(fix.lines(), SaleRevision.LINES)}, 1);

        // when / then: the old rows read as NEW and the correction wins for its line
        assertThat(currentLines()).containsExactly("OLD/1 5.00 COMPLETED NEW", "OLD/2 7.00 COMPLETED LINES");
    }

    private static Sale cancelled(Sale s) {
        return new Sale(s.saleId(), s.soldAt(), s.store(), s.channel(), s.customer(), s.paymentMethod(), s.currency(),
                SaleStatus.CANCELLED, s.lines(), s.source());
    }

    /** Writes {@code sales} at offsets from {@code firstOffset} of {@code partition} as the lake writer does. */
    private void writeBatch(int partition, Sale[] sales, long firstOffset) throws Exception {
        try (ParquetStaging staging = new ParquetStaging(dir.resolve("work"), 64)) {
            for (int i = 0; i < sales.length; i++) {
                staging.append(sales[i], partition, firstOffset + i);
            }
            for (Map.Entry<LocalDate, Path> f : staging.writeParquet(partition, dir.resolve("out")).entrySet()) {
                Path file = dir.resolve("lake").resolve(LakeLayout.dataKey(f.getKey(), partition, firstOffset, firstOffset + sales.length - 1));
                Files.createDirectories(file.getParent());
                Files.move(f.getValue(), file);
            }
        }
    }

    private List<String> currentLines() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Connection conn = duck(); Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT sale_id, line_no, net_amount, status, revision FROM sale_line_current('"
                     + glob() + "') ORDER BY sale_id, line_no")) {
            while (rs.next()) {
                lines.add(rs.getString(1) + "/" + rs.getInt(2) + " " + rs.getBigDecimal(3).setScale(
                        Math.max(2, rs.getBigDecimal(3).stripTrailingZeros().scale())) + " " + rs.getString(4) + " " + rs.getString(5));
            }
        }
        return lines;
    }

    private String glob() {
        return dir.resolve("lake").toString().replace("'", "''") + "/**/*.parquet";
    }

    /** A DuckDB with the shipped macros defined. */
    static Connection duck() throws Exception {
        Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = conn.createStatement()) {
            st.execute(Files.readString(QUERY));
        } catch (SQLException e) {
            conn.close();
            throw e;
        }
        return conn;
    }
}
