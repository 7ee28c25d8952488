package br.com.etlvendas.load;

import br.com.etlvendas.config.LakeConfig;
import br.com.etlvendas.it.Await;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.load.lake.LakeWriter;
import br.com.etlvendas.load.lake.LocalLakeStore;
import br.com.etlvendas.load.postgres.WarehouseDataSource;
import br.com.etlvendas.load.postgres.WarehouseLoader;
import br.com.etlvendas.load.postgres.WarehouseSchema;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleEventEvolutionTest;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleRevision;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema evolution on the embedded stack, as an upgrade meets it: a warehouse at V4 already holding lines, migrated
 * to V5 (installments) without a table rewrite; then {@code sales.clean} records written before the field existed,
 * records without it and records with it (a new sale, a whole new version, a correction of a line loaded before the
 * upgrade) all load, and the lake — a file of the layout before the column next to the writer's new files — reads
 * back through DuckDB with {@code union_by_name} to exactly what the warehouse holds.
 */
@ExtendWith(EmbeddedStack.class)
class SchemaEvolutionIT {

    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-28T10:15:00-03:00");
    private static final String SOURCE = "evolve-it";

    @TempDir
    Path tmp;

    @Test
    void shouldAddANullableInstallmentsColumnWithoutRewriteAndLoadEventsWithAndWithoutIt() throws Exception {
        // given a warehouse migrated to V4 only, holding two lines loaded before installments existed
        TestKafka kafka = TestKafka.forTest("evolve-installments");
        String url = kafka.config().etl().warehouse().jdbcUrl().orElseThrow();
        String user = kafka.config().etl().warehouse().user();
        try (HikariDataSource ds = WarehouseDataSource.create(url, user, "", "evolve-it-schema")) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration")
                    .placeholders(Map.of("reader_role", WarehouseSchema.READER_ROLE)).target("4").load().migrate();
            assertThat(columnsOf(ds, "sale_line")).doesNotContain("installments");
            execute(ds, "INSERT INTO sale_line (sale_id, line_no, sold_at, store_id, store_state, channel, payment_method, "
                    + "currency, status, sku, quantity, unit_price, discount, net_amount, source, kafka_partition, kafka_offset) "
                    + "VALUES ('OLD-ROW-1', 1, '2026-11-27T09:00:00-03:00', 'LJ-01', 'SP', 'STORE', 'CREDIT_CARD', 'BRL', "
                    + "'COMPLETED', 'SKU-A', 1, 100.00, 0, 100.00, '" + SOURCE + "', 0, 0), "
                    + "('OLD-ROW-2', 1, '2026-11-27T09:30:00-03:00', 'LJ-01', 'SP', 'STORE', 'CREDIT_CARD', 'BRL', "
                    + "'COMPLETED', 'SKU-B', 2, 50.00, 0, 100.00, '" + SOURCE + "', 0, 1)");
            long fileBefore = longOf(ds, "SELECT pg_relation_filenode('sale_line')");

            // when the product's migrations bring it to V5
            WarehouseSchema.migrate(ds);

            // then sale_line has a nullable installments column without its table being rewritten, old lines NULL,
            // the range enforced for new lines, and the facts show it as their last column, documented
            assertThat(longOf(ds, "SELECT pg_relation_filenode('sale_line')")).as("sale_line not rewritten").isEqualTo(fileBefore);
            assertThat(textOf(ds, "SELECT is_nullable || ' ' || data_type || ' ' || coalesce(column_default, 'no default') "
                    + "FROM information_schema.columns WHERE table_name = 'sale_line' AND column_name = 'installments'"))
                    .isEqualTo("YES smallint no default");
            assertThat(longOf(ds, "SELECT count(*) FROM sale_line WHERE installments IS NULL")).isEqualTo(2);
            assertThat(lastColumnOf(ds, "fact_sale_line")).isEqualTo("installments");
            assertThat(lastColumnOf(ds, "fact_sale")).isEqualTo("installments");
            assertThat(textOf(ds, "SELECT col_description('sale_line'::regclass, "
                    + "(SELECT attnum FROM pg_attribute WHERE attrelid = 'sale_line'::regclass AND attname = 'installments'))"))
                    .startsWith("Number of instalments (parcelas)");
            assertThat(textOf(ds, "SELECT col_description('fact_sale'::regclass, "
                    + "(SELECT attnum FROM pg_attribute WHERE attrelid = 'fact_sale'::regclass AND attname = 'installments'))"))
                    .startsWith("Number of instalments (parcelas)");
            assertThat(longOf(ds, "SELECT count(*) FROM fact_sale WHERE sale_id LIKE 'OLD-ROW-%' AND installments IS NULL")).isEqualTo(2);
            assertThat(refusal(ds, "UPDATE sale_line SET installments = 49 WHERE sale_id = 'OLD-ROW-1'"))
                    .contains("sale_line_installments_range");
        }

        // and given sales.clean holding a record written before the field, one without installments, one with them,
        // a sale paid in 3 then replaced by a whole version in 6 (one line fewer), and a correction of OLD-ROW-2
        long records = publish(kafka);

        // when the loader and the lake writer run over the topic
        try (HikariDataSource loaderDs = WarehouseDataSource.create(url, user, "", "evolve-it-loader")) {
            WarehouseLoader loader = new WarehouseLoader(loaderDs, kafka.topics().clean(), kafka.topics().dlq(),
                    kafka.bootstrap(), kafka.config().etl().warehouse());
            Thread loading = new Thread(loader, "evolve-it-loader");
            loading.start();
            Path lake = tmp.resolve("lake");
            LakeWriter writer = new LakeWriter(kafka.topics().clean(), new LocalLakeStore(lake), kafka.bootstrap(),
                    new LakeConfig(true, LakeConfig.Target.LOCAL, "lake/", lake, 1_000, Duration.ofHours(1),
                            "evolve-installments-lake", 64),
                    Duration.ofSeconds(10), tmp.resolve("lake-work"), Clock.systemUTC(), LakeWriter.BatchStoredHook.NONE);
            Thread writing = new Thread(writer, "evolve-it-lake");
            writing.start();
            Map<Integer, Long> ends = endOffsets(kafka);
            long end = ends.values().stream().mapToLong(Long::longValue).sum();
            assertThat(end).isEqualTo(records);
            Await.until(() -> loader.failure() == null && longOf(loaderDs, "SELECT coalesce(sum(next_offset), 0) FROM loader_offset") == end,
                    "the loader's offsets at the topic's end");
            LakeWriter.InLake inLake = writer.awaitInLake(ends, Duration.ofSeconds(60));
            assertThat(inLake.caughtUp()).as("lake caught up: %s", inLake).isTrue();
            loader.close();
            writer.close();
            loading.join(10_000);
            writing.join(30_000);
            assertThat(loader.failure()).isNull();
            assertThat(writer.failure()).isNull();
            assertThat(loader.rejectedSales()).isZero();

            // then the warehouse holds exactly the lines expected, each sale with its installments (NULL where unknown)
            Map<String, String> warehouse = rows(loaderDs, "SELECT sale_id || '/' || line_no, "
                    + "net_amount::text || ' ' || coalesce(installments::text, 'NULL') FROM sale_line ORDER BY 1");
            assertThat(warehouse).containsExactlyEntriesOf(expectedLines());
            assertThat(bigDecimalOf(loaderDs, "SELECT sum(net_amount) FROM sale_line")).isEqualByComparingTo("4098.80");
            Map<String, String> facts = rows(loaderDs, "SELECT sale_id, coalesce(installments::text, 'NULL') "
                    + "FROM fact_sale ORDER BY 1");
            Map<String, String> expectedFacts = new TreeMap<>();
            expectedFacts.put("NEW-10", "10");
            expectedFacts.put("NO-INSTALLMENTS", "NULL");
            expectedFacts.put("OLD-EVENT", "NULL");
            expectedFacts.put("OLD-ROW-1", "NULL");
            expectedFacts.put("OLD-ROW-2", "12");
            expectedFacts.put("REPLACED", "6");
            assertThat(facts).containsExactlyEntriesOf(expectedFacts);

            // and the lake, with a file of the layout before installments (OLD-ROW-1, as the lake held it) next to
            // the writer's files, reads through DuckDB to the same lines and installments
            writeFileOfFormerLayout(lake.resolve("dt=2026-11-27/part-p0-o0000000000000000000-o0000000000000000000.parquet"));
            String glob = lake.toString().replace("'", "''") + "/**/*.parquet";
            try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
                st.execute(Files.readString(Path.of("deploy/lake/sale_line_current.sql")));
                assertThat(rows(duck, "SELECT sale_id || '/' || line_no, CAST(net_amount AS DECIMAL(18, 2))::VARCHAR || ' ' "
                        + "|| coalesce(installments::VARCHAR, 'NULL') FROM sale_line_current('" + glob + "') ORDER BY 1"))
                        .containsExactlyEntriesOf(expectedLines());
                // each file read back: the writer's say INTEGER installments, the old one has none and reads NULL
                Map<String, String> files = new TreeMap<>();
                files.put("NEW-10/1", "10");
                files.put("OLD-EVENT/1", "NULL");
                files.put("OLD-EVENT/2", "NULL");
                files.put("OLD-ROW-1/1", "NULL");
                assertThat(rows(duck, "SELECT sale_id || '/' || line_no, coalesce(installments::VARCHAR, 'NULL') "
                        + "FROM read_parquet('" + glob + "', hive_partitioning = true, union_by_name = true) "
                        + "WHERE sale_id IN ('OLD-ROW-1', 'OLD-EVENT', 'NEW-10') ORDER BY 1")).containsExactlyEntriesOf(files);
                try (ResultSet rs = st.executeQuery("SELECT typeof(installments), count(*) FILTER (WHERE installments IS NOT NULL) "
                        + "FROM read_parquet('" + glob + "', union_by_name = true) GROUP BY 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("INTEGER");
                    assertThat(rs.getLong(2)).isEqualTo(5); // NEW-10, REPLACED ×3 rows (2 + 1), OLD-ROW-2's correction
                }
            }
        }
    }

    /** What the warehouse, and the lake's current lines, hold at the end: net amount and installments per line. */
    private static Map<String, String> expectedLines() {
        Map<String, String> lines = new TreeMap<>();
        lines.put("NEW-10/1", "899.90 10");
        lines.put("NO-INSTALLMENTS/1", "25.00 NULL");
        lines.put("OLD-EVENT/1", "39.80 NULL");
        lines.put("OLD-EVENT/2", "2754.00 NULL");
        lines.put("OLD-ROW-1/1", "100.00 NULL");
        lines.put("OLD-ROW-2/1", "90.00 12");
        lines.put("REPLACED/1", "190.10 6");
        return lines;
    }

    /** Publishes the records the test loads; returns how many. */
    private static long publish(TestKafka kafka) {
        List<Sale> sales = new ArrayList<>();
        sales.add(sale("NEW-10", 10, null, line(1, "1", "899.90")));
        sales.add(sale("NO-INSTALLMENTS", null, null, line(1, "2", "12.50")));
        sales.add(sale("REPLACED", 3, null, line(1, "1", "200.00"), line(2, "1", "15.00")));
        Sale whole = sale("REPLACED", 6, null, line(1, "1", "190.10"));
        sales.add(whole.revised(whole.lines(), SaleRevision.WHOLE));
        Sale correction = sale("OLD-ROW-2", 12, null, line(1, "2", "45.00"));
        sales.add(correction.revised(correction.lines(), SaleRevision.LINES));
        String topic = kafka.topics().clean().name();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(ProducerSettings.durableBatched(kafka.bootstrap()),
                new StringSerializer(), new ByteArraySerializer())) {
            // a record as Kafka Streams wrote it before installments existed
            producer.send(new ProducerRecord<>(topic, "OLD-EVENT", SaleEventEvolutionTest.CLEAN_BEFORE_INSTALLMENTS
                    .replace("PED-2026-000123", "OLD-EVENT").getBytes(StandardCharsets.UTF_8)));
            for (Sale s : sales) {
                producer.send(new ProducerRecord<>(topic, s.saleId(), kafka.topics().clean().valueSerde().serializer().serialize(topic, s)));
            }
            producer.flush();
        }
        return 1 + sales.size();
    }

    private static Sale sale(String id, Integer installments, SaleRevision revision, SaleLine... lines) {
        return new Sale(id, AT, new Store("LJ-01", "Loja Centro", "Campinas", "SP", "BR"), Channel.STORE,
                new Customer("C-1", "Ana Souza", null), PaymentMethod.CREDIT_CARD, "BRL", SaleStatus.COMPLETED, List.of(lines),
                SOURCE, null, true, revision, installments);
    }

    private static SaleLine line(int no, String quantity, String price) {
        BigDecimal net = new BigDecimal(quantity).multiply(new BigDecimal(price));
        return new SaleLine(no, "SKU-" + no, "Produto " + no, "Eletro", new BigDecimal(quantity), Money.parse(price),
                Money.parse("0.00"), Money.of(net));
    }

    /**
     * A lake file as the writer wrote it before the installments column: OLD-ROW-1's line (its other columns are
     * those of every file; the ones DuckDB reads here suffice, the rest read NULL by name as well).
     */
    private static void writeFileOfFormerLayout(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("COPY (SELECT 'OLD-ROW-1' AS sale_id, 1 AS line_no, TIMESTAMPTZ '2026-11-27 12:00:00+00' AS sold_at, "
                    + "'BRL' AS currency, 'COMPLETED' AS status, 100.00::DECIMAL(38, 20) AS net_amount, "
                    + "0 AS kafka_partition, 0::BIGINT AS kafka_offset, 'NEW' AS revision) TO '"
                    + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
    }

    private static Map<Integer, Long> endOffsets(TestKafka kafka) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            c.partitionsFor(kafka.topics().clean().name()).forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
            Map<Integer, Long> ends = new HashMap<>();
            c.endOffsets(tps).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }

    private static List<String> columnsOf(HikariDataSource ds, String relation) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_name = '"
                     + relation + "' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return columns;
    }

    private static String lastColumnOf(HikariDataSource ds, String relation) throws SQLException {
        List<String> columns = columnsOf(ds, relation);
        return columns.get(columns.size() - 1);
    }

    /** Runs {@code sql} expecting the database to refuse it; returns its message. */
    private static String refusal(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        } catch (SQLException e) {
            return e.getMessage();
        }
        throw new AssertionError("the warehouse accepted " + sql);
    }

    private static void execute(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static long longOf(HikariDataSource ds, String sql) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private static BigDecimal bigDecimalOf(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getBigDecimal(1);
        }
    }

    private static String textOf(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Map<String, String> rows(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection()) {
            return rows(c, sql);
        }
    }

    /** The query's two columns as an ordered map, each key once. */
    private static Map<String, String> rows(Connection connection, String sql) throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                assertThat(rows.put(rs.getString(1), rs.getString(2))).as("%s twice", rs.getString(1)).isNull();
            }
        }
        return rows;
    }
}
