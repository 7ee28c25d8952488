package br.com.etlvendas.load.postgres;

import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleRevision;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The warehouse side of versions: a sale's new whole version replaces its lines (lines it no longer has are
 * deleted, the others updated), line corrections overwrite only their lines, all in the batch's one transaction
 * with its offsets.
 */
@ExtendWith(EmbeddedStack.class)
class SaleVersionsLoaderIT {

    private static final String SOURCE = "loader-versions";
    private static final String TOPIC = "sales.clean.versions-it";

    private HikariDataSource ds;
    private SaleLineBatchWriter writer;
    private long offset;

    @BeforeEach
    void connect() throws SQLException {
        var warehouse = TestKafka.forTest("loader-versions").config().etl().warehouse();
        ds = WarehouseDataSource.create(warehouse.jdbcUrl().orElseThrow(), warehouse.user(), "", "loader-versions-it");
        WarehouseSchema.migrate(ds);
        execute("DELETE FROM sale_line WHERE source = '" + SOURCE + "'");
        execute("DELETE FROM loader_offset WHERE topic = '" + TOPIC + "'");
        writer = new SaleLineBatchWriter(ds, "loader-versions-it");
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void shouldReplaceASalesLinesWithItsNewWholeVersionDeletingTheMissingLineInTheSameTransaction() throws Exception {
        // given sale V-1 loaded with three lines, and V-2 with one
        writer.write(List.of(record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.NEW,
                line(1, "10.00"), line(2, "5.00"), line(3, "1.00"))), record(sale("V-2", SaleStatus.COMPLETED,
                SaleRevision.NEW, line(1, "7.00")))));

        // when one batch brings a new sale V-3 and V-1's new whole version: line 1 corrected, line 2 kept, line 3 gone
        int written = writer.write(List.of(record(sale("V-3", SaleStatus.COMPLETED, SaleRevision.NEW, line(1, "3.00"))),
                record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.WHOLE, line(1, "9.50"), line(2, "5.00"))))).lines();

        // then V-1 has exactly lines 1 and 2 at their new content, V-2 and V-3 are untouched, offsets stored
        assertThat(written).isEqualTo(3);
        assertThat(query("SELECT string_agg(line_no || '=' || net_amount, ',' ORDER BY line_no) FROM sale_line "
                + "WHERE sale_id = 'V-1'")).isEqualTo("1=9.50,2=5.00");
        assertThat(query("SELECT count(*) FROM sale_line WHERE source = '" + SOURCE + "'")).isEqualTo("4");
        assertThat(query("SELECT sum(net_amount) FROM sale_line WHERE source = '" + SOURCE + "'")).isEqualTo("24.50");
        assertThat(query("SELECT next_offset FROM loader_offset WHERE topic = '" + TOPIC + "'")).isEqualTo(Long.toString(offset));
    }

    @Test
    void shouldLeaveEveryLineAndOffsetAsTheyWereWhenTheBatchWithTheReplacementFails() throws Exception {
        // given sale V-1 loaded with two lines
        writer.write(List.of(record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.NEW, line(1, "10.00"), line(2, "5.00")))));
        String offsetsBefore = query("SELECT next_offset FROM loader_offset WHERE topic = '" + TOPIC + "'");

        // when a batch replaces V-1 by line 1 alone, but also holds a line the warehouse refuses (quantity 0)
        SaleLine refused = new SaleLine(1, "SKU-X", "X", "X", BigDecimal.ZERO, Money.parse("1.00"), Money.ZERO, Money.parse("0.00"));
        List<ConsumerRecord<String, Sale>> batch = List.of(
                record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.WHOLE, line(1, "10.00"))),
                record(sale("V-9", SaleStatus.COMPLETED, SaleRevision.LINES, refused)));

        // then the batch fails as a whole: line 2 is still there and the offsets did not move
        assertThatThrownBy(() -> writer.write(batch)).isInstanceOf(SQLException.class);
        assertThat(query("SELECT count(*) FROM sale_line WHERE sale_id = 'V-1'")).isEqualTo("2");
        assertThat(query("SELECT next_offset FROM loader_offset WHERE topic = '" + TOPIC + "'")).isEqualTo(offsetsBefore);
    }

    @Test
    void shouldFoldASalesRecordsInOneBatchInOffsetOrder() throws Exception {
        // given sale V-1 with lines 1 and 2
        writer.write(List.of(record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.NEW, line(1, "10.00"), line(2, "5.00")))));

        // when one batch brings: a whole version with line 1 only, then a new line 3 row, then a correction of line 1
        writer.write(List.of(
                record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.WHOLE, line(1, "10.00"))),
                record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.NEW, line(3, "2.00"))),
                record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.LINES, line(1, "8.00")))));

        // then the sale ends as the last of them says: lines 1 (corrected) and 3, line 2 gone
        assertThat(query("SELECT string_agg(line_no || '=' || net_amount, ',' ORDER BY line_no) FROM sale_line "
                + "WHERE sale_id = 'V-1'")).isEqualTo("1=8.00,3=2.00");
    }

    @Test
    void shouldKeepACancelledVersionsLinesWithTheirNewStatusOutOfRevenue() throws Exception {
        // given a completed sale
        writer.write(List.of(record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.NEW, line(1, "10.00"), line(2, "5.00")))));

        // when its cancelled version arrives
        writer.write(List.of(record(sale("V-1", SaleStatus.CANCELLED, SaleRevision.WHOLE, line(1, "10.00"), line(2, "5.00")))));

        // then both lines are cancelled and the source's revenue (completed lines) is zero
        assertThat(query("SELECT string_agg(DISTINCT status, ',') FROM sale_line WHERE sale_id = 'V-1'")).isEqualTo("CANCELLED");
        assertThat(new WarehouseQueries(ds).linesForSource(SOURCE).revenue().amount()).isEqualByComparingTo("0");
    }

    private ConsumerRecord<String, Sale> record(Sale sale) {
        return new ConsumerRecord<>(TOPIC, 0, offset++, sale.saleId(), sale);
    }

    private static Sale sale(String id, SaleStatus status, SaleRevision revision, SaleLine... lines) {
        return new Sale(id, OffsetDateTime.of(2026, 11, 30, 10, 0, 0, 0, ZoneOffset.ofHours(-3)),
                new Store("SP-001", "Loja", "São Paulo", "SP"), Channel.STORE, new Customer(null, null, null),
                PaymentMethod.PIX, "BRL", status, new ArrayList<>(List.of(lines)), SOURCE, null, true, revision);
    }

    private static SaleLine line(int no, String net) {
        Money amount = Money.parse(net);
        return new SaleLine(no, "SKU-" + no, "Produto " + no, "Mercado", BigDecimal.ONE, amount, Money.ZERO, amount);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
