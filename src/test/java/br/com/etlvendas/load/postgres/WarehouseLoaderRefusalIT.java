package br.com.etlvendas.load.postgres;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import br.com.etlvendas.sale.Topics;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sale the warehouse refuses for good does not stop loading: the loader finds it by writing the batch
 * one sale at a time, sends it to the DLQ with stage {@code load} and the database's reason, and loads the rest.
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseLoaderRefusalIT {

    @Test
    void shouldSendARefusedSaleToTheDlqAndLoadTheRestOfItsBatch() throws Exception {
        // given a warehouse with a rule that refuses one SKU, and a batch of sales holding that SKU once
        TestKafka kafka = TestKafka.forTest("loader-refusal");
        Topics topics = kafka.topics();
        String bootstrap = kafka.bootstrap();
        LoadedConfig config = kafka.config();
        var warehouseConfig = config.etl().warehouse();
        try (HikariDataSource ds = WarehouseDataSource.create(warehouseConfig.jdbcUrl().orElseThrow(),
                warehouseConfig.user(), "", "loader-refusal-it")) {
            WarehouseSchema.migrate(ds);
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                st.execute("ALTER TABLE sale_line ADD CONSTRAINT it_refuse_sku CHECK (sku <> 'REFUSED-SKU')");
            }
            try (KafkaProducer<String, Sale> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                    topics.clean().keySerde().serializer(), topics.clean().valueSerde().serializer())) {
                for (int i = 1; i <= 50; i++) {
                    Sale s = sale("RF-" + i, i == 25 ? "REFUSED-SKU" : "SKU-" + i);
                    producer.send(new ProducerRecord<>(topics.clean().name(), s.saleId(), s));
                }
                producer.flush();
            }

            // when the loader runs
            WarehouseLoader loader = new WarehouseLoader(ds, topics.clean(), topics.dlq(), bootstrap, warehouseConfig);
            Thread t = new Thread(loader, "loader");
            t.start();
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (count(ds) < 49 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            List<ConsumerRecord<String, byte[]>> dlq = readDlq(bootstrap, topics.dlq().name());
            loader.close();
            t.join(30_000);

            // then every other sale is loaded, the refused one is in the DLQ, and the loader did not fail
            assertThat(count(ds)).isEqualTo(49);
            assertThat(loader.failure()).isNull();
            assertThat(dlq).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo("RF-25");
                assertThat(header(r, DlqHeaders.STAGE)).isEqualTo("load");
                assertThat(header(r, DlqHeaders.REASONS)).contains("it_refuse_sku");
                assertThat(header(r, DlqHeaders.ORIGIN_TOPIC)).isEqualTo(topics.clean().name());
                assertThat(header(r, DlqHeaders.SOURCE)).isEqualTo("refusal-test");
            });
            try (Connection c = ds.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT sum(next_offset) FROM loader_offset WHERE consumer_group = '"
                         + warehouseConfig.consumerGroup() + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the loader moved past the refused sale").isEqualTo(50);
            }
        }
    }

    private static Sale sale(String id, String sku) {
        Money price = Money.parse("12.34");
        return new Sale(id, OffsetDateTime.of(2026, 11, 29, 10, 0, 0, 0, ZoneOffset.ofHours(-3)),
                new Store("SP-001", "Loja", "São Paulo", "SP"), Channel.STORE, new Customer(null, null, null),
                PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED,
                List.of(new SaleLine(1, sku, "Produto", "Mercado", BigDecimal.ONE, price, Money.ZERO, price)), "refusal-test");
    }

    private static long count(HikariDataSource ds) throws java.sql.SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sale_line WHERE source = 'refusal-test'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> readDlq(String bootstrap, String topic) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
