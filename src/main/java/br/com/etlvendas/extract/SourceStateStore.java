package br.com.etlvendas.extract;

import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.CloseOptions;
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
 * Reads the latest committed {@link SourceState} of every incremental source from the compacted
 * {@code etl.source.state} topic (read_committed, from the beginning, up to the topic's current end), so a
 * source restarts exactly after the records its last committed transaction covered. Writes nothing. Used by
 * one thread.
 * <p>
 * A source must initialise its transactional producer <em>before</em> reading here: that fences a previous
 * instance and aborts its open transaction, which would otherwise hold back the read_committed end.
 */
public final class SourceStateStore implements AutoCloseable {

    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);

    private final KafkaConsumer<String, SourceState> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<String, SourceState> latest = new HashMap<>();

    public SourceStateStore(Topic<String, SourceState> topic, String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the source state topic " + topic.name()
                        + " does not exist; create the pipeline's topics first (config/topics.yml)");
            }
            for (PartitionInfo info : infos) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        } catch (RuntimeException e) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            throw e;
        }
    }

    /** The latest state committed for {@code source} up to now, reading the topic up to its current end first. */
    public Optional<SourceState> latest(String source) {
        catchUp();
        return Optional.ofNullable(latest.get(source));
    }

    /** Reads every state committed up to now; fails after a minute rather than deciding on a partial view. */
    public void catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read the source state topic up to its end within "
                        + CATCH_UP_LIMIT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, SourceState> r : consumer.poll(Duration.ofMillis(200))) {
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

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
