package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads {@code sales.dlq} from the beginning of each partition up to its end as of now, committed records only,
 * without joining a consumer group or committing anything, so reading it changes nothing for anyone.
 */
public final class DlqReader {

    private static final Duration READ_LIMIT = Duration.ofMinutes(5);

    private final Topic<String, byte[]> dlq;
    private final String bootstrapServers;

    public DlqReader(Topic<String, byte[]> dlq, String bootstrapServers) {
        this.dlq = dlq;
        this.bootstrapServers = bootstrapServers;
    }

    /** The records {@code filter} accepts, oldest rejection first (then by partition and offset). */
    public List<DlqRecord> read(DlqFilter filter) {
        List<DlqRecord> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = new ArrayList<>();
            List<PartitionInfo> infos = consumer.partitionsFor(dlq.name(), Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("the topic " + dlq.name() + " does not exist; create the pipeline's topics "
                        + "first (./etl-vendas servers)");
            }
            infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + READ_LIMIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + dlq.name() + " to its end within "
                            + READ_LIMIT.toMinutes() + " minutes");
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                        DlqRecord record = DlqRecord.from(r);
                        if (filter.matches(record)) {
                            found.add(record);
                        }
                    }
                }
            }
        }
        found.sort(Comparator.comparing((DlqRecord r) -> r.rejectedAt().orElse(Instant.EPOCH))
                .thenComparingInt(DlqRecord::partition).thenComparingLong(DlqRecord::offset));
        return found;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "etl-vendas-dlq-reader");
        return new KafkaConsumer<>(p, dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
    }
}
