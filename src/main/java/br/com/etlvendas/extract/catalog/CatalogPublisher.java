package br.com.etlvendas.extract.catalog;

import br.com.etlvendas.extract.LatestCommitted;
import br.com.etlvendas.sale.CatalogEntry;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
        try (LatestCommitted<CatalogEntry> topicNow = new LatestCommitted<>(topic, bootstrapServers)) {
            topicNow.catchUp();
            return topicNow.entries();
        }
    }
}
