package br.com.etlvendas.extract;

import br.com.etlvendas.sale.ConsumerSettings;
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
 * The latest committed value of every key of a compacted topic (read_committed, from the beginning).
 * {@link #catchUp()} reads up to the topic's current end, so decisions are taken on everything committed so
 * far; it fails after a minute rather than decide on a partial view. Writes nothing. Used by one thread.
 */
public final class LatestCommitted<V> implements AutoCloseable {

    private static final Duration CATCH_UP_LIMIT = Duration.ofSeconds(60);

    private final String topic;
    private final KafkaConsumer<String, V> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<String, V> latest = new HashMap<>();

    public LatestCommitted(Topic<String, V> topic, String bootstrapServers) {
        this.topic = topic.name();
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        try {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the topic " + topic.name()
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

    /** Reads every value committed up to now. */
    public void catchUp() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + topic + " up to its end within "
                        + CATCH_UP_LIMIT.toSeconds() + " s");
            }
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
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

    /** The latest value read for the key, without reading further. */
    public Optional<V> get(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** Every key read with its latest value, without reading further. */
    public Map<String, V> entries() {
        return Map.copyOf(latest);
    }

    /** Every latest value read, without reading further. */
    public List<V> values() {
        return List.copyOf(latest.values());
    }

    /** Records a value this process has just committed, without waiting to read it back. */
    public void remember(String key, V value) {
        latest.put(key, value);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
