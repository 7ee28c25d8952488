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
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader COPYs straight into {@code sale_line}; a line whose key is already there (a correction, a re-send
 * after the de-duplication window) or that comes twice in one batch makes it write the batch through the
 * upsert instead, the latest version winning, with no line lost or doubled.
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseLoaderUpsertIT {

    private static final String SOURCE = "loader-upsert";

    @Test
    void shouldKeepTheLatestVersionOfALineAlreadyLoadedOrSentTwiceInOneBatch() throws Exception {
        // given 50 sales of two lines loaded once
        TestKafka kafka = TestKafka.forTest("loader-upsert");
        Topics topics = kafka.topics();
        String bootstrap = kafka.bootstrap();
        LoadedConfig config = kafka.config();
        var warehouseConfig = config.etl().warehouse();
        try (HikariDataSource ds = WarehouseDataSource.create(warehouseConfig.jdbcUrl().orElseThrow(),
                warehouseConfig.user(), "", "loader-upsert-it");
             KafkaProducer<String, Sale> producer = producer(bootstrap, topics)) {
            WarehouseSchema.migrate(ds);
            WarehouseLoader loader = new WarehouseLoader(ds, topics.clean(), topics.dlq(), bootstrap, warehouseConfig);
            Thread thread = new Thread(loader, "loader-upsert");
            thread.start();
            try {
                for (int i = 1; i <= 50; i++) {
                    send(producer, topics, sale(i, "10.00"));
                }
                producer.flush();
                waitUntil(() -> storedOffsets(ds, warehouseConfig.consumerGroup()) >= 50);

                // when 10 of them come again with a corrected first line, and one sale twice in a row (one batch)
                for (int i = 1; i <= 10; i++) {
                    send(producer, topics, sale(i, "12.50"));
                }
                send(producer, topics, sale(51, "1.00"));
                send(producer, topics, sale(51, "2.00"));
                producer.flush();
                waitUntil(() -> storedOffsets(ds, warehouseConfig.consumerGroup()) >= 62);
            } finally {
                loader.close();
                thread.join(30_000);
            }

            // then one row per line, each at its latest version, and the loader never stopped
            assertThat(loader.failure()).isNull();
            assertThat(query(ds, "SELECT count(*) FROM sale_line WHERE source = '" + SOURCE + "'")).isEqualTo("102");
            assertThat(query(ds, "SELECT count(*) FROM sale_line WHERE source = '" + SOURCE + "' AND line_no = 1 "
                    + "AND net_amount = 12.50")).isEqualTo("10");
            assertThat(query(ds, "SELECT net_amount FROM sale_line WHERE sale_id = 'UP-51' AND line_no = 1")).isEqualTo("2.00");
            assertThat(query(ds, "SELECT sum(net_amount) FROM sale_line WHERE source = '" + SOURCE + "'"))
                    .isEqualTo(new BigDecimal("10.00").multiply(BigDecimal.valueOf(40))
                            .add(new BigDecimal("12.50").multiply(BigDecimal.valueOf(10)))
                            .add(new BigDecimal("2.00"))
                            .add(new BigDecimal("0.99").multiply(BigDecimal.valueOf(51))).toPlainString());
        }
    }

    private static Sale sale(int n, String firstLine) {
        Money a = Money.parse(firstLine);
        Money b = Money.parse("0.99");
        return new Sale("UP-" + n, OffsetDateTime.of(2026, 11, 30, 10, 0, 0, 0, ZoneOffset.ofHours(-3)),
                new Store("SP-001", "Loja", "São Paulo", "SP"), Channel.STORE, new Customer(null, null, null),
                PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                List.of(new SaleLine(1, "SKU-1", "Café", "Mercado", BigDecimal.ONE, a, Money.ZERO, a),
                        new SaleLine(2, "SKU-2", "Arroz", "Mercado", BigDecimal.ONE, b, Money.ZERO, b)),
                SOURCE);
    }

    private static KafkaProducer<String, Sale> producer(String bootstrap, Topics topics) {
        // one partition for every record, so that a sale sent twice lands in the same poll
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 50),
                topics.clean().keySerde().serializer(), topics.clean().valueSerde().serializer());
    }

    private static void send(KafkaProducer<String, Sale> producer, Topics topics, Sale sale) {
        producer.send(new ProducerRecord<>(topics.clean().name(), 0, sale.saleId(), sale));
    }

    private static long storedOffsets(HikariDataSource ds, String group) {
        String sum = query(ds, "SELECT coalesce(sum(next_offset), 0) FROM loader_offset WHERE consumer_group = '" + group + "'");
        return Long.parseLong(sum);
    }

    private static String query(HikariDataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            // the schema may not exist yet while the loader starts
            return "0";
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
