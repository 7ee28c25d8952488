package br.com.etlvendas.serve;

import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the records of {@code sales.dlq} (committed ones, from the beginning of the topic) and the lines they stand
 * for, by the stage that rejected them and their source, for {@code /metrics}. It reads headers only: keys and
 * payloads are skipped unread, and it joins no consumer group, so it changes nothing for anyone.
 */
public final class DlqStageCounts implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DlqStageCounts.class);
    /** The stage of a record without the header (none is written so; kept countable rather than dropped). */
    static final String UNKNOWN = "unknown";

    /** Records and lines one stage rejected from one source. */
    public record Count(String stage, String source, long records, long lines) {
    }

    private record Key(String stage, String source) {
    }

    private final String topic;
    private final KafkaConsumer<Void, Void> consumer;
    private final Map<Key, LongAdder[]> counts = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean reading;

    public DlqStageCounts(Topic<String, byte[]> dlq, String bootstrapServers) {
        this.topic = dlq.name();
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "etl-vendas-dlq-metrics");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Deserializer<Void> skip = (t, data) -> null;
        this.consumer = new KafkaConsumer<>(p, skip, skip);
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            reading = true;
            while (running) {
                for (ConsumerRecord<Void, Void> r : consumer.poll(Duration.ofMillis(500))) {
                    count(r);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("DLQ metrics stopped reading {}: {}", topic, e.getMessage(), e);
        } finally {
            reading = false;
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void count(ConsumerRecord<?, ?> r) {
        String stage = header(r, DlqHeaders.STAGE, UNKNOWN);
        String source = header(r, DlqHeaders.SOURCE, UNKNOWN);
        long lines = 1;
        String lineCount = header(r, DlqHeaders.LINE_COUNT, null);
        if (lineCount != null) {
            try {
                lines = Math.max(1, Long.parseLong(lineCount.strip()));
            } catch (NumberFormatException e) {
                log.warn("DLQ record {}-{}@{} has a line count that is not a number ({}); counted as one line",
                        r.topic(), r.partition(), r.offset(), lineCount);
            }
        }
        LongAdder[] c = counts.computeIfAbsent(new Key(stage, source), k -> new LongAdder[]{new LongAdder(), new LongAdder()});
        c[0].increment();
        c[1].add(lines);
    }

    private static String header(ConsumerRecord<?, ?> r, String name, String absent) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? absent : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** The counts so far, one per stage and source that rejected anything. */
    public List<Count> counts() {
        List<Count> out = new ArrayList<>(counts.size());
        counts.forEach((k, c) -> out.add(new Count(k.stage(), k.source(), c[0].sum(), c[1].sum())));
        return out;
    }

    /** Whether it is reading the topic (false before it found the topic's partitions and after it stopped). */
    public boolean reading() {
        return reading;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
