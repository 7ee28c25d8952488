package br.com.etlvendas.extract.file;

import br.com.etlvendas.config.DirectorySourceConfig;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceHeaders;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A file worker stopped in the middle of a file and started again (a new process, as after a crash)
 * resumes after the last committed row: every row of the file reaches {@code sales.raw} exactly once.
 * Uses the local-directory store, so the file is a real file read through the same machinery as S3.
 */
@ExtendWith(EmbeddedStack.class)
class FileWorkerRestartIT {

    @Test
    void shouldPublishEveryRowExactlyOnceWhenTheWorkerIsStoppedMidFileAndStartedAgain(@TempDir Path dir) throws Exception {
        LoadedConfig config = EmbeddedStack.configFor("file-restart", "");
        Topics topics = Topics.from(config.topics());
        String bootstrap = EmbeddedStack.servers().kafka().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            TopicProvisioner.ensure(admin, config.topics());
        }
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path mapping = dir.resolve("restart.yml");
        Files.writeString(mapping, Files.readString(Path.of("config/mappings/superstore.yml"))
                .replace("source: superstore", "source: superstore-restart"));
        Path file = inbox.resolve("superstore.csv");
        Files.copy(Path.of("samples", "superstore.csv"), file);
        Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 5000));
        LocalDirectoryStore store = new LocalDirectoryStore(List.of(new DirectorySourceConfig.Watch(inbox, mapping, false)));

        try (FileWatcher watcher = new FileWatcher(store, new FileRegistry(topics.files(), bootstrap),
                new SourcePublisher(topics.raw(), bootstrap, "restart-watcher"), topics.files(), Duration.ofSeconds(1),
                Clock.systemUTC())) {
            assertThat(watcher.scanOnce()).isEqualTo(1);
            assertThat(watcher.scanOnce()).as("a known file is not announced twice").isZero();
        }

        FileWorker first = worker(store, topics, bootstrap);
        Thread t1 = new Thread(first, "worker-1");
        t1.start();
        FileEvent stoppedAt = awaitEvent(topics, bootstrap, e -> e.status() == FileEvent.Status.IN_PROGRESS && e.rowsDone() >= 1000);
        first.close();
        t1.join(60_000);
        FileEvent afterStop = latestEvent(topics, bootstrap);
        assertThat(afterStop.status()).as("stopped mid-file").isEqualTo(FileEvent.Status.IN_PROGRESS);
        assertThat(afterStop.rowsDone()).isGreaterThanOrEqualTo(stoppedAt.rowsDone()).isLessThan(9994);

        FileWorker second = worker(store, topics, bootstrap);
        Thread t2 = new Thread(second, "worker-2");
        t2.start();
        FileEvent done = awaitEvent(topics, bootstrap, e -> e.status() == FileEvent.Status.DONE);
        second.close();
        t2.join(60_000);

        assertThat(done.rowsDone()).isEqualTo(9994);
        List<String> published = publishedOrigins(topics, bootstrap, "superstore-restart");
        assertThat(published).hasSize(9994);
        assertThat(new HashSet<>(published)).as("no row published twice").hasSize(9994);
    }

    private static FileWorker worker(LocalDirectoryStore store, Topics topics, String bootstrap) {
        return new FileWorker(List.of(store), topics.files(), bootstrap, "restart-workers",
                new SourcePublisher(topics.raw(), bootstrap, "restart-worker"), 500, Map.of(), Clock.systemUTC());
    }

    private static FileEvent awaitEvent(Topics topics, String bootstrap, java.util.function.Predicate<FileEvent> p)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            FileEvent e = latestEvent(topics, bootstrap);
            if (e != null && p.test(e)) {
                return e;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no matching file event within 2 minutes; last: " + latestEvent(topics, bootstrap));
    }

    private static FileEvent latestEvent(Topics topics, String bootstrap) {
        FileEvent latest = null;
        try (KafkaConsumer<String, FileEvent> c = consumer(bootstrap, topics.files().keySerde().deserializer(),
                topics.files().valueSerde().deserializer())) {
            for (ConsumerRecord<String, FileEvent> r : readAll(c, topics.files().name())) {
                latest = r.value();
            }
        }
        return latest;
    }

    private static List<String> publishedOrigins(Topics topics, String bootstrap, String source) {
        try (KafkaConsumer<String, RawSale> c = consumer(bootstrap, topics.raw().keySerde().deserializer(),
                topics.raw().valueSerde().deserializer())) {
            return readAll(c, topics.raw().name()).stream()
                    .filter(r -> source.equals(new String(r.headers().lastHeader(SourceHeaders.SOURCE).value(), StandardCharsets.UTF_8)))
                    .map(r -> r.value().origin()).toList();
        }
    }

    private static <V> KafkaConsumer<String, V> consumer(String bootstrap,
                                                         org.apache.kafka.common.serialization.Deserializer<String> k,
                                                         org.apache.kafka.common.serialization.Deserializer<V> v) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), k, v);
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(KafkaConsumer<String, V> c, String topic) {
        List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        c.assign(tps);
        c.seekToBeginning(tps);
        Map<TopicPartition, Long> end = c.endOffsets(tps);
        List<ConsumerRecord<String, V>> out = new java.util.ArrayList<>();
        while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
            c.poll(Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
