package br.com.etlvendas.extract.catalog;

import br.com.etlvendas.sale.CatalogEntry;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Makes a compacted catalogue topic hold exactly a catalogue's entries: reads what the topic holds now, then
 * publishes the entries that are new or changed and a tombstone for each key no longer in the catalogue, and
 * waits until the broker has them all. Publishing the same catalogue twice sends nothing the second time.
 */
public final class CatalogPublisher {

    /** What one publication changed. */
    public record Changes(int added, int changed, int removed, int unchanged) {
        public int total() {
            return added + changed + removed;
        }
    }

    private final Topic<String, CatalogEntry> topic;
    private final String bootstrapServers;

    public CatalogPublisher(Topic<String, CatalogEntry> topic, String bootstrapServers) {
        this.topic = topic;
        this.bootstrapServers = bootstrapServers;
    }

    public Changes publish(Map<String, CatalogEntry> wanted) throws InterruptedException {
        Map<String, CatalogEntry> current = current();
        int added = 0;
        int changed = 0;
        int removed = 0;
        List<Future<?>> sent = new ArrayList<>();
        try (KafkaProducer<String, CatalogEntry> producer = new KafkaProducer<>(ProducerSettings.durableBatched(bootstrapServers),
                topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            for (Map.Entry<String, CatalogEntry> e : wanted.entrySet()) {
                CatalogEntry was = current.get(e.getKey());
                if (!Objects.equals(was, e.getValue())) {
                    sent.add(producer.send(new ProducerRecord<>(topic.name(), e.getKey(), e.getValue())));
                    if (was == null) {
                        added++;
                    } else {
                        changed++;
                    }
                }
            }
            for (String key : current.keySet()) {
                if (!wanted.containsKey(key)) {
                    sent.add(producer.send(new ProducerRecord<>(topic.name(), key, null)));
                    removed++;
                }
            }
            producer.flush();
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish to " + topic.name() + ": " + e.getCause().getMessage(), e.getCause());
        }
        return new Changes(added, changed, removed, wanted.size() - added - changed);
    }

    /** The latest entry per key the topic holds (tombstoned keys left out). */
    Map<String, CatalogEntry> current() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "etl-vendas-catalog-reader");
        Map<String, CatalogEntry> entries = new HashMap<>();
        try (KafkaConsumer<String, CatalogEntry> consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic.name(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, CatalogEntry> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        entries.remove(r.key());
                    } else {
                        entries.put(r.key(), r.value());
                    }
                }
            }
        }
        return entries;
    }
}
