package br.com.etlvendas.extract.file;

import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The durable record of which files were read: the latest committed {@link FileEvent} of every file, read
 * from the compacted {@code etl.files} topic. {@link #catchUp()} reads up to the topic's current end, so
 * decisions are taken on everything committed so far. Used by one thread.
 */
public final class FileRegistry implements AutoCloseable {

    private final KafkaConsumer<String, FileEvent> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<String, FileEvent> latest = new HashMap<>();

    public FileRegistry(Topic<String, FileEvent> files, String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, files.keySerde().deserializer(), files.valueSerde().deserializer());
        for (PartitionInfo info : consumer.partitionsFor(files.name(), Duration.ofSeconds(30))) {
            partitions.add(new TopicPartition(info.topic(), info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads every event committed up to now. */
    public void catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read the file registry up to its end within 60 s");
            }
            for (ConsumerRecord<String, FileEvent> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), r.value());
                }
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey(), Duration.ofSeconds(30)) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public Optional<FileEvent> get(String fileId) {
        return Optional.ofNullable(latest.get(fileId));
    }

    /** Records an event this process has just committed, without waiting to read it back. */
    public void remember(FileEvent event) {
        latest.put(event.fileId(), event);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
