package br.com.etlvendas.load.lake;

import br.com.etlvendas.config.LakeConfig;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.s3.S3Clients;
import br.com.etlvendas.it.Await;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lake writer against the shared embedded Kafka and S3: sales published to a test {@code sales.clean} end
 * in the lake once each, readable by DuckDB with the same line count and revenue, also when the writer dies
 * between storing a batch's files and committing its state.
 */
@ExtendWith(EmbeddedStack.class)
class LakeWriterIT {

    private static final int SALES = 600;

    @TempDir
    Path tmp;

    @Test
    void shouldWriteEveryLineOnceSoDuckDbReadingTheLakeGivesTheInputsLineCountAndRevenue() throws Exception {
        // given sales in a clean topic of 3 partitions
        Fixture f = new Fixture("lake-plain");
        Expected expected = f.publish();

        // when the lake writer runs until every partition is committed in the lake
        LakeWriter writer = f.writer(LakeWriter.BatchStoredHook.NONE);
        Thread t = start(writer);
        awaitCommitted(f, writer);
        writer.close();
        t.join(10_000);

        // then DuckDB reading the lake sees each line once, with the same count and revenue
        f.assertLakeHolds(expected, tmp.resolve("download"));
        assertThat(writer.failure()).isNull();
        assertThat(writer.writtenLines()).isEqualTo(expected.lines());
    }

    @Test
    void shouldNeitherLoseNorDuplicateALineWhenTheWriterDiesBetweenStoringFilesAndCommittingState() throws Exception {
        // given sales in a clean topic, and a writer that dies right after storing the files of its first batch
        Fixture f = new Fixture("lake-crash");
        Expected expected = f.publish();
        AtomicBoolean crashed = new AtomicBoolean();
        LakeWriter doomed = f.writer((partition, first, last) -> {
            crashed.set(true);
            throw new IllegalStateException("injected crash after storing partition " + partition + " [" + first + ", " + last + "]");
        });
        Thread t = start(doomed);
        Await.until(() -> doomed.failure() != null, "the injected crash");
        t.join(10_000);
        assertThat(crashed).isTrue();
        LakeStateStore states = new LakeStateStore(f.store(), f.topics.clean().name());
        boolean someIntentOpen = false;
        for (int p = 0; p < 3; p++) {
            someIntentOpen |= states.read(p).map(LakeState::hasIntent).orElse(false);
        }
        assertThat(someIntentOpen).as("the crashed batch's intent is still open").isTrue();

        // when a new writer starts on the same lake
        LakeWriter writer = f.writer(LakeWriter.BatchStoredHook.NONE);
        Thread t2 = start(writer);
        awaitCommitted(f, writer);
        writer.close();
        t2.join(10_000);

        // then every line is in the lake exactly once
        f.assertLakeHolds(expected, tmp.resolve("download"));
        assertThat(writer.failure()).isNull();
    }

    @Test
    void shouldStoreItsOpenBatchesWhenAskedSoTheLakeReachesTheEndOfTheTopic() throws Exception {
        // given sales in a clean topic, and a writer whose batches would stay open for an hour
        Fixture f = new Fixture("lake-asked");
        Expected expected = f.publish();
        LakeWriter writer = f.writer(LakeWriter.BatchStoredHook.NONE, 1_000_000, Duration.ofHours(1));
        Thread t = start(writer);

        // when asked to have the topic's end in the lake
        Map<Integer, Long> ends = new java.util.HashMap<>();
        f.endOffsets().forEach((tp, end) -> ends.put(tp.partition(), end));
        LakeWriter.InLake inLake = writer.awaitInLake(ends, Duration.ofSeconds(60));

        // then it reaches every partition's end at once, and the lake holds every line
        assertThat(inLake.caughtUp()).as("caught up: %s", inLake).isTrue();
        assertThat(inLake.heldElsewhere()).isEmpty();
        f.assertLakeHolds(expected, tmp.resolve("download"));
        writer.close();
        t.join(10_000);
        assertThat(writer.failure()).isNull();
    }

    @Test
    void shouldStoreItsOpenBatchesWhenClosed() throws Exception {
        // given a writer that has read every sale into batches that would stay open for an hour
        Fixture f = new Fixture("lake-closed");
        Expected expected = f.publish();
        LakeWriter writer = f.writer(LakeWriter.BatchStoredHook.NONE, 1_000_000, Duration.ofHours(1));
        Thread t = start(writer);
        Await.until(() -> writer.recordsTaken() == SALES, "every sale read into a batch");
        assertThat(writer.writtenLines()).isZero();

        // when it is closed, as demo and run stop
        writer.close();
        t.join(30_000);

        // then it stored them on its way out: every line in the lake, every partition committed
        assertThat(writer.failure()).isNull();
        assertThat(writer.writtenLines()).isEqualTo(expected.lines());
        f.assertLakeHolds(expected, tmp.resolve("download"));
        LakeStateStore states = new LakeStateStore(f.store(), f.topics.clean().name());
        for (Map.Entry<TopicPartition, Long> e : f.endOffsets().entrySet()) {
            LakeState s = states.read(e.getKey().partition()).orElseThrow();
            assertThat(s.hasIntent()).isFalse();
            assertThat(s.nextOffset()).isPositive();
        }
    }

    private static Thread start(LakeWriter writer) {
        Thread t = new Thread(writer, "lake-writer-it");
        t.start();
        return t;
    }

    private static void awaitCommitted(Fixture f, LakeWriter writer) throws Exception {
        Map<TopicPartition, Long> ends = f.endOffsets();
        LakeStateStore states = new LakeStateStore(f.store(), f.topics.clean().name());
        Await.until(() -> {
            assertThat(writer.failure()).isNull();
            try {
                for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                    var s = states.read(e.getKey().partition());
                    if (s.isEmpty() || s.get().hasIntent() || s.get().nextOffset() < e.getValue()) {
                        return false;
                    }
                }
                return true;
            } catch (java.io.IOException e) {
                // the embedded S3 server (S3Proxy, filesystem) can serve an object while its PUT is under way:
                // a state read mid-write is read again
                return false;
            }
        }, "every partition committed in the lake");
    }


    private record Expected(long lines, BigDecimal revenue) {
    }

    private final class Fixture {
        final String name;
        final LoadedConfig config;
        final Topics topics;
        final S3Client s3;
        final String bucket;
        final String bootstrap;

        Fixture(String name) {
            this.name = name;
            this.config = EmbeddedStack.configFor(name, "    enabled: false");
            this.bootstrap = EmbeddedStack.servers().kafka().bootstrapServers();
            this.bucket = config.etl().s3().bucket();
            this.s3 = S3Clients.create(EmbeddedStack.servers().s3().endpoint(), "us-east-1",
                    EmbeddedStack.S3_ACCESS_KEY, EmbeddedStack.S3_SECRET_KEY);
            s3.createBucket(b -> b.bucket(bucket));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                assertThat(TopicProvisioner.ensure(admin, config.topics())).isEmpty();
            }
            this.topics = Topics.from(config.topics());
        }

        LakeStore store() {
            return new S3LakeStore(s3, bucket, "lake/");
        }

        LakeWriter writer(LakeWriter.BatchStoredHook hook) {
            return writer(hook, 150, Duration.ofSeconds(1));
        }

        LakeWriter writer(LakeWriter.BatchStoredHook hook, int rollLines, Duration rollInterval) {
            LakeConfig lake = new LakeConfig(true, LakeConfig.Target.S3, "lake/", tmp.resolve("unused"), rollLines,
                    rollInterval, name + "-lake", 64);
            return new LakeWriter(topics.clean(), store(), bootstrap, lake, Duration.ofSeconds(10),
                    tmp.resolve("work-" + System.nanoTime()), Clock.systemUTC(), hook);
        }

        Expected publish() throws Exception {
            long lines = 0;
            BigDecimal revenue = BigDecimal.ZERO;
            try (KafkaProducer<String, Sale> producer = new KafkaProducer<>(ProducerSettings.durableBatched(bootstrap),
                    topics.clean().keySerde().serializer(), topics.clean().valueSerde().serializer())) {
                for (int i = 0; i < SALES; i++) {
                    Sale s = LakeSales.numbered(i);
                    producer.send(new ProducerRecord<>(topics.clean().name(), s.saleId(), s));
                    for (SaleLine l : s.lines()) {
                        lines++;
                        revenue = revenue.add(l.netAmount().amount());
                    }
                }
                producer.flush();
            }
            return new Expected(lines, revenue);
        }

        Map<TopicPartition, Long> endOffsets() {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> tps = new ArrayList<>();
                c.partitionsFor(topics.clean().name()).forEach(p -> tps.add(new TopicPartition(p.topic(), p.partition())));
                return c.endOffsets(tps);
            }
        }

        /** Downloads the lake's objects, then checks with DuckDB: line count, revenue, no (sale_id, line_no) twice. */
        void assertLakeHolds(Expected expected, Path dir) throws Exception {
            int files = 0;
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("lake/")).contents()) {
                if (!o.key().endsWith(".parquet")) {
                    continue;
                }
                Path target = dir.resolve(o.key());
                Files.createDirectories(target.getParent());
                s3.getObject(b -> b.bucket(bucket).key(o.key()), target);
                files++;
            }
            assertThat(files).isPositive();
            String glob = dir.resolve("lake").toString().replace("'", "''") + "/**/*.parquet";
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), sum(net_amount), count(DISTINCT (sale_id, line_no)), "
                         + "count(DISTINCT dt), min(dt) FROM read_parquet('" + glob + "', hive_partitioning = true)")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(expected.lines());
                assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(expected.revenue());
                assertThat(rs.getLong(3)).as("distinct (sale_id, line_no)").isEqualTo(expected.lines());
                assertThat(rs.getLong(4)).isEqualTo(3);
                assertThat(rs.getString(5)).isEqualTo("2026-11-28");
            }
        }
    }
}
