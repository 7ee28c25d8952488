package br.com.etlvendas.extract;

import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topic;
import br.com.etlvendas.sale.Topics;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What integration tests see of a topic: every committed record (read_committed, from the beginning), as a
 * downstream consumer would. Aborted or still open transactions never show.
 */
public final class CommittedRecords<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> records = new ArrayList<>();

    public CommittedRecords(Topic<String, V> topic, String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p, topic.keySerde().deserializer(), topic.valueSerde().deserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads until the values read so far satisfy {@code done}; fails after {@code timeout}. */
    public List<V> awaitValues(Predicate<List<V>> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(values())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " with " + records.size() + " records: " + values());
            }
            poll(Duration.ofMillis(100));
        }
        return values();
    }

    public List<V> awaitAtLeast(int count, Duration timeout) {
        return awaitValues(v -> v.size() >= count, timeout);
    }

    /** Keeps reading for {@code quiet}, so that a record published twice would have time to show up. */
    public List<V> settle(Duration quiet) {
        long until = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < until) {
            poll(Duration.ofMillis(100));
        }
        return values();
    }

    public List<ConsumerRecord<String, V>> records() {
        return List.copyOf(records);
    }

    public List<V> values() {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private void poll(Duration d) {
        consumer.poll(d).forEach(records::add);
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    /** The published sales by sale id and line number, asserting each line appears exactly once and there are {@code count}. */
    public static Map<String, RawSale> exactlyOncePerLine(List<RawSale> sales, int count) {
        Map<String, List<RawSale>> grouped = sales.stream()
                .collect(Collectors.groupingBy(s -> s.saleId() + "#" + s.lines().get(0).lineNo()));
        assertThat(grouped.values()).as("lines published more than once").allMatch(l -> l.size() == 1);
        assertThat(sales).hasSize(count);
        return grouped.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get(0)));
    }

    /** The latest state committed for {@code source}, waiting for one to appear. */
    public static SourceState lastState(Topics topics, String bootstrap, String source, Duration wait) {
        try (CommittedRecords<SourceState> states = new CommittedRecords<>(topics.sourceState(), bootstrap)) {
            List<SourceState> all = states.awaitValues(v -> v.stream().anyMatch(s -> s.source().equals(source)), wait);
            return all.stream().filter(s -> s.source().equals(source)).reduce((a, b) -> b).orElseThrow();
        }
    }
}
