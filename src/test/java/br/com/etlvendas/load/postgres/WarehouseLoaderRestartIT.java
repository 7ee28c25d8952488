package br.com.etlvendas.load.postgres;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import br.com.etlvendas.sale.Topics;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader keeps its offsets in the warehouse, in the same transaction as the rows: stopped in the
 * middle of a topic and started again (a new consumer, as after a crash), it loads every line exactly once.
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseLoaderRestartIT {

    /** Sales published in all, each with two lines; half before the restart, half after. */
    private static final int SALES = 6000;

    @Test
    void shouldLoadEveryLineExactlyOnceWhenStoppedMidTopicAndStartedAgain() throws Exception {
        TestKafka kafka = TestKafka.forTest("loader-restart");
        Topics topics = kafka.topics();
        String bootstrap = kafka.bootstrap();
        LoadedConfig config = kafka.config();
        BigDecimal expectedRevenue = publish(bootstrap, topics, 1, SALES / 2);

        var warehouseConfig = config.etl().warehouse();
        try (HikariDataSource ds = WarehouseDataSource.create(warehouseConfig.jdbcUrl().orElseThrow(),
                warehouseConfig.user(), "", "loader-restart-it")) {
            WarehouseSchema.migrate(ds);

            WarehouseLoader first = new WarehouseLoader(ds, topics.clean(), topics.dlq(), bootstrap, warehouseConfig);
            Thread t1 = new Thread(first, "loader-1");
            t1.start();
            waitUntil(() -> countLines(ds, "TRUE") >= SALES);
            first.close();
            t1.join(30_000);
            assertThat(t1.isAlive()).as("first loader stopped").isFalse();

            // the second half arrives while no loader runs; a new loader must resume after the first half
            expectedRevenue = expectedRevenue.add(publish(bootstrap, topics, SALES / 2 + 1, SALES));
            Thread.sleep(50);
            java.sql.Timestamp restartedAt = now(ds);
            WarehouseLoader second = new WarehouseLoader(ds, topics.clean(), topics.dlq(), bootstrap, warehouseConfig);
            Thread t2 = new Thread(second, "loader-2");
            t2.start();
            waitUntil(() -> countLines(ds, "TRUE") >= SALES * 2L);
            Thread.sleep(1500); // give a re-load, were there one, the time to show up
            second.close();
            t2.join(30_000);

            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), sum(net_amount) FROM sale_line WHERE source = 'loader-restart'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(SALES * 2L);
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(expectedRevenue);
            }
            assertThat(countLines(ds, "loaded_at >= '" + restartedAt + "'"))
                    .as("lines (re)written after the restart: only the second half").isEqualTo((long) SALES);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT sum(next_offset) FROM loader_offset WHERE consumer_group = '"
                         + warehouseConfig.consumerGroup() + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("stored offsets cover every record").isEqualTo(SALES);
            }
        }
    }

    private static java.sql.Timestamp now(HikariDataSource ds) throws java.sql.SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT clock_timestamp()::timestamp")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }

    private static BigDecimal publish(String bootstrap, Topics topics, int from, int to) {
        BigDecimal total = BigDecimal.ZERO;
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, Sale> producer = new KafkaProducer<>(props, topics.clean().keySerde().serializer(),
                topics.clean().valueSerde().serializer())) {
            for (int i = from; i <= to; i++) {
                Money a = Money.parse("10.0001").plus(Money.parse(Integer.toString(i % 97)));
                Money b = Money.parse("0.99");
                Sale sale = new Sale("LR-" + i, OffsetDateTime.of(2026, 11, 29, 10, 0, 0, 0, ZoneOffset.ofHours(-3)),
                        new Store("SP-001", "Loja São Paulo", "São Paulo", "SP"), Channel.STORE,
                        new Customer(null, null, null), PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                        List.of(new SaleLine(1, "SKU-1", "Café", "Mercado", BigDecimal.ONE, a, Money.ZERO, a),
                                new SaleLine(2, "SKU-2", "Arroz", "Mercado", BigDecimal.ONE, b, Money.ZERO, b)),
                        "loader-restart");
                total = total.add(a.amount()).add(b.amount());
                producer.send(new ProducerRecord<>(topics.clean().name(), sale.saleId(), sale));
            }
            producer.flush();
        }
        return total;
    }

    private static long countLines(HikariDataSource ds, String condition) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sale_line WHERE source = 'loader-restart' AND " + condition)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
