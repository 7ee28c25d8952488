package br.com.etlvendas.serve;

import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A live, read-only view of a compacted topic: reads it from the beginning (committed records only) on its own
 * thread ({@link #run()}) and keeps the latest value per key, a tombstone removing the key. Readers on other
 * threads see a consistent value per key.
 */
public final class CompactedTopicView<V> implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicView.class);

    private final Topic<String, V> topic;
    private final KafkaConsumer<String, V> consumer;
    private final Map<String, V> latest = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    public CompactedTopicView(Topic<String, V> topic, String bootstrapServers, String clientId) {
        this.topic = topic;
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        latest.remove(r.key());
                    } else {
                        latest.put(r.key(), r.value());
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("View of {} stopped reading: {}", topic.name(), e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The latest value of every key read so far. */
    public Collection<V> values() {
        return latest.values();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
