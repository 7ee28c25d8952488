package br.com.etlvendas.load.postgres;

import br.com.etlvendas.config.WarehouseConfig;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the loader's failure and ownership ITs share: one test's topics and warehouse database, sales published to
 * its {@code sales.clean}, a trace of every row write (so a line written twice shows), and the queries they check.
 */
final class LoaderItFixture implements AutoCloseable {

    final TestKafka kafka;
    final HikariDataSource ds;
    private final String source;

    LoaderItFixture(String name) throws SQLException {
        this.kafka = TestKafka.forTest(name);
        this.source = name;
        var warehouse = kafka.config().etl().warehouse();
        this.ds = WarehouseDataSource.create(warehouse.jdbcUrl().orElseThrow(), warehouse.user(), "", name + "-it");
        WarehouseSchema.migrate(ds);
        execute("CREATE TABLE IF NOT EXISTS it_line_writes (sale_id text, line_no int)");
        execute("CREATE OR REPLACE FUNCTION it_trace_write() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN INSERT INTO it_line_writes VALUES (NEW.sale_id, NEW.line_no); RETURN NEW; END $$");
        execute("DROP TRIGGER IF EXISTS it_trace_write ON sale_line");
        execute("CREATE TRIGGER it_trace_write AFTER INSERT OR UPDATE ON sale_line FOR EACH ROW EXECUTE FUNCTION it_trace_write()");
    }

    /** A data source for one loader, named in {@code pg_stat_activity} (and so in triggers) by {@code applicationName}. */
    HikariDataSource loaderDataSource(String applicationName, String user) {
        String url = kafka.config().etl().warehouse().jdbcUrl().orElseThrow();
        return WarehouseDataSource.create(url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + applicationName,
                user, "", applicationName);
    }

    WarehouseLoader loader(HikariDataSource loaderDs) {
        return new WarehouseLoader(loaderDs, kafka.topics().clean(), kafka.topics().dlq(), kafka.bootstrap(),
                kafka.config().etl().warehouse());
    }

    /** A loader with {@code writers} writer threads, the test's other settings kept. */
    WarehouseLoader loader(HikariDataSource loaderDs, int writers) {
        var w = kafka.config().etl().warehouse();
        var config = new WarehouseConfig(w.jdbcUrl(), w.user(), w.password(), w.embeddedPort(), w.database(),
                w.consumerGroup(), w.maxBatchRows(), writers, w.retryBackoffMax(), w.sessionTimeout());
        return new WarehouseLoader(loaderDs, kafka.topics().clean(), kafka.topics().dlq(), kafka.bootstrap(), config);
    }

    /** Publishes sales {@code from..to}, two lines each, to {@code sales.clean}; returns their revenue. */
    BigDecimal publish(int from, int to) {
        BigDecimal total = BigDecimal.ZERO;
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        var clean = kafka.topics().clean();
        try (KafkaProducer<String, Sale> producer = new KafkaProducer<>(props, clean.keySerde().serializer(),
                clean.valueSerde().serializer())) {
            for (int i = from; i <= to; i++) {
                Money a = Money.parse("10.0001").plus(Money.parse(Integer.toString(i % 97)));
                Money b = Money.parse("0.99");
                Sale sale = new Sale(source + "-" + i, OffsetDateTime.of(2026, 11, 29, 10, 0, 0, 0, ZoneOffset.ofHours(-3)),
                        new Store("SP-001", "Loja São Paulo", "São Paulo", "SP"), Channel.STORE,
                        new Customer(null, null, null), PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                        List.of(new SaleLine(1, "SKU-1", "Café", "Mercado", BigDecimal.ONE, a, Money.ZERO, a),
                                new SaleLine(2, "SKU-2", "Arroz", "Mercado", BigDecimal.ONE, b, Money.ZERO, b)),
                        source);
                total = total.add(a.amount()).add(b.amount());
                producer.send(new ProducerRecord<>(clean.name(), sale.saleId(), sale));
            }
            producer.flush();
        }
        return total;
    }

    long lines() {
        return number("SELECT count(*) FROM sale_line").longValue();
    }

    BigDecimal revenue() {
        return number("SELECT coalesce(sum(net_amount), 0) FROM sale_line");
    }

    /** Row writes (inserts and updates) committed to {@code sale_line}. */
    long lineWrites() {
        return number("SELECT count(*) FROM it_line_writes").longValue();
    }

    long storedOffsets() {
        return number("SELECT coalesce(sum(next_offset), 0) FROM loader_offset WHERE consumer_group = '"
                + kafka.config().etl().warehouse().consumerGroup() + "'").longValue();
    }

    /** Records in the test's DLQ topic. */
    long dlqRecords() {
        try (KafkaConsumer<byte[], byte[]> c = reader()) {
            List<TopicPartition> tps = c.partitionsFor(kafka.topics().dlq().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return c.endOffsets(tps).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Records published to one partition of the test's {@code sales.clean}. */
    long recordsOf(int partition) {
        try (KafkaConsumer<byte[], byte[]> c = reader()) {
            TopicPartition tp = new TopicPartition(kafka.topics().clean().name(), partition);
            return c.endOffsets(List.of(tp)).get(tp);
        }
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    BigDecimal number(String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    static Thread start(WarehouseLoader loader, String name) {
        Thread t = new Thread(loader, name);
        t.start();
        return t;
    }

    static void waitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        ds.close();
    }
}
