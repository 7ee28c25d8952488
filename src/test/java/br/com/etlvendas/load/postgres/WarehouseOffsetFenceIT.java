package br.com.etlvendas.load.postgres;

import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
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

/**
 * The loader's stored offsets fence its writes: they only move forward, and a record below its partition's
 * stored offset is never written again, whoever holds it (a loader that lost the partition while retrying, or
 * an attempt that a crash or outage made the loader repeat).
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseOffsetFenceIT {

    private static final String TOPIC = "fence.sales.clean";
    private static final String GROUP = "fence-loader";

    private HikariDataSource ds;
    private SaleLineBatchWriter writer;

    @BeforeEach
    void warehouse() throws SQLException {
        var warehouse = EmbeddedStack.configFor("offset-fence", "").etl().warehouse();
        ds = WarehouseDataSource.create(warehouse.jdbcUrl().orElseThrow(), warehouse.user(), "", "offset-fence-it");
        WarehouseSchema.migrate(ds);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE sale_line");
            st.execute("DELETE FROM loader_offset");
            // every row written, insert or update, leaves a trace: a line written twice shows up here twice
            st.execute("CREATE TABLE IF NOT EXISTS it_line_writes (sale_id text, line_no int)");
            st.execute("TRUNCATE it_line_writes");
            st.execute("CREATE OR REPLACE FUNCTION it_trace_write() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN INSERT INTO it_line_writes VALUES (NEW.sale_id, NEW.line_no); RETURN NEW; END $$");
            st.execute("DROP TRIGGER IF EXISTS it_trace_write ON sale_line");
            st.execute("CREATE TRIGGER it_trace_write AFTER INSERT OR UPDATE ON sale_line "
                    + "FOR EACH ROW EXECUTE FUNCTION it_trace_write()");
        }
        writer = new SaleLineBatchWriter(ds, GROUP);
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void shouldWriteNothingOfABatchWhoseOffsetsTheWarehouseAlreadyHolds() throws Exception {
        // given records 0..9 of partition 0 written by one loader
        writer.write(records(0, 0, 10));

        // when another loader, which had polled the same records before losing the partition, writes them again
        SaleLineBatchWriter.Written again = writer.write(records(0, 0, 10));

        // then it writes nothing, and the stored offset stays where it was
        assertThat(again.lines()).isZero();
        assertThat(again.staleRecords()).isEqualTo(10);
        assertThat(writes()).isEqualTo(10);
        assertThat(storedOffset(0)).isEqualTo(10);
    }

    @Test
    void shouldWriteOnlyTheRecordsPastTheStoredOffsetOfABatchThatOverlapsIt() throws Exception {
        // given records 0..9 of partition 1 in the warehouse
        writer.write(records(1, 0, 10));

        // when a batch of records 5..14 comes
        SaleLineBatchWriter.Written written = writer.write(records(1, 5, 10));

        // then only 10..14 are written, once each
        assertThat(written.lines()).isEqualTo(5);
        assertThat(written.staleRecords()).isEqualTo(5);
        assertThat(writes()).isEqualTo(15);
        assertThat(distinctLines()).isEqualTo(15);
        assertThat(storedOffset(1)).isEqualTo(15);
    }

    @Test
    void shouldNeverMoveAStoredOffsetBackwards() throws Exception {
        // given records 0..19 of partition 2 in the warehouse, then a stale batch mixing partition 2's old records
        // with new records of partition 0
        writer.write(records(2, 0, 20));
        List<ConsumerRecord<String, Sale>> mixed = new ArrayList<>(records(2, 3, 4));
        mixed.addAll(records(0, 0, 3));

        // when it is written
        SaleLineBatchWriter.Written written = writer.write(mixed);

        // then partition 0's records load, partition 2's offset stays at 20
        assertThat(written.lines()).isEqualTo(3);
        assertThat(storedOffset(2)).isEqualTo(20);
        assertThat(storedOffset(0)).isEqualTo(3);
        assertThat(writes()).isEqualTo(23);
    }

    @Test
    void shouldSetAsideARefusedRecordOnlyOnceWhenTwoLoadersRejectIt() throws Exception {
        // given record 0 of partition 0, refused by the warehouse
        ConsumerRecord<String, Sale> refused = records(0, 0, 1).get(0);
        int[] dlqSends = {0};

        // when two loaders each set it aside
        boolean first = writer.skip(refused, () -> dlqSends[0]++);
        boolean second = writer.skip(refused, () -> dlqSends[0]++);

        // then only the first sends it to the DLQ and moves the offset past it
        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(dlqSends[0]).isEqualTo(1);
        assertThat(storedOffset(0)).isEqualTo(1);
    }

    private static List<ConsumerRecord<String, Sale>> records(int partition, long fromOffset, int count) {
        List<ConsumerRecord<String, Sale>> out = new ArrayList<>();
        for (long offset = fromOffset; offset < fromOffset + count; offset++) {
            String id = "FENCE-" + partition + "-" + offset;
            Money price = Money.parse("10.50");
            Sale sale = new Sale(id, OffsetDateTime.of(2026, 11, 29, 10, 0, 0, 0, ZoneOffset.ofHours(-3)),
                    new Store("SP-001", "Loja", "São Paulo", "SP"), Channel.STORE, new Customer(null, null, null),
                    PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                    List.of(new SaleLine(1, "SKU-1", "Café", "Mercado", BigDecimal.ONE, price, Money.ZERO, price)), "fence");
            out.add(new ConsumerRecord<>(TOPIC, partition, offset, id, sale));
        }
        return out;
    }

    private long writes() throws SQLException {
        return single("SELECT count(*) FROM it_line_writes");
    }

    private long distinctLines() throws SQLException {
        return single("SELECT count(*) FROM sale_line");
    }

    private long storedOffset(int partition) throws SQLException {
        return single("SELECT next_offset FROM loader_offset WHERE consumer_group = '" + GROUP + "' AND topic = '"
                + TOPIC + "' AND partition = " + partition);
    }

    private long single(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }
}
