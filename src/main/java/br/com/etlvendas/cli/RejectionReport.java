package br.com.etlvendas.cli;

import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.Topic;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Counts one source's DLQ records by reason, reading the DLQ from offsets taken before the run started.
 * Reasons are grouped by their shape: quoted values and numbers are blanked, so "quantity: '-2' …" and
 * "quantity: '-5' …" count together.
 */
final class RejectionReport {

    private final Topic<String, byte[]> dlq;
    private final String bootstrapServers;
    private final Map<TopicPartition, Long> startOffsets;

    private RejectionReport(Topic<String, byte[]> dlq, String bootstrapServers, Map<TopicPartition, Long> startOffsets) {
        this.dlq = dlq;
        this.bootstrapServers = bootstrapServers;
        this.startOffsets = startOffsets;
    }

    /** Notes where the DLQ ends now, so that only records written afterwards are counted. */
    static RejectionReport from(Topic<String, byte[]> dlq, String bootstrapServers) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrapServers, dlq)) {
            return new RejectionReport(dlq, bootstrapServers, c.endOffsets(partitions(c, dlq), Duration.ofSeconds(30)));
        }
    }

    /** Counts every DLQ record still held, from the start of each partition. */
    static RejectionReport fromStart(Topic<String, byte[]> dlq, String bootstrapServers) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrapServers, dlq)) {
            return new RejectionReport(dlq, bootstrapServers, c.beginningOffsets(partitions(c, dlq), Duration.ofSeconds(30)));
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c, Topic<String, byte[]> dlq) {
        List<TopicPartition> tps = new ArrayList<>();
        for (PartitionInfo p : c.partitionsFor(dlq.name(), Duration.ofSeconds(30))) {
            tps.add(new TopicPartition(p.topic(), p.partition()));
        }
        return tps;
    }

    /** Reason shape → rejected records of {@code source}. */
    Map<String, Long> byReason(String source) {
        Map<String, Long> counts = new TreeMap<>();
        forEachOf(source, r -> {
            for (String reason : reasons(text(r.headers().lastHeader(DlqHeaders.REASONS)))) {
                counts.merge(shape(reason), 1L, Long::sum);
            }
        });
        return counts;
    }

    /**
     * Lines of {@code source} rejected outside the pipeline's own counts: those the warehouse refused after they
     * passed validation (DLQ stage {@code load}) and those Kafka Streams' last-line exception handler sent to the DLQ
     * (stage {@code processing}: a processor threw where no step catches it). They are in neither the warehouse nor
     * the pipeline's rejection counts, and reconciliation needs them.
     */
    long linesRefusedByWarehouse(String source) {
        long[] lines = {0};
        forEachOf(source, r -> {
            String stage = text(r.headers().lastHeader(DlqHeaders.STAGE));
            if (DlqHeaders.STAGE_LOAD.equals(stage) || DlqHeaders.STAGE_PROCESSING.equals(stage)) {
                String count = text(r.headers().lastHeader(DlqHeaders.LINE_COUNT));
                lines[0] += count == null ? 1 : Long.parseLong(count);
            }
        });
        return lines[0];
    }

    /** Reads the DLQ from the start offsets to its current end, handing over the records of {@code source}. */
    private void forEachOf(String source, Consumer<ConsumerRecord<String, byte[]>> action) {
        try (KafkaConsumer<String, byte[]> c = consumer(bootstrapServers, dlq)) {
            c.assign(startOffsets.keySet());
            startOffsets.forEach(c::seek);
            Map<TopicPartition, Long> end = c.endOffsets(startOffsets.keySet(), Duration.ofSeconds(30));
            while (startOffsets.keySet().stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (source.equals(text(r.headers().lastHeader(DlqHeaders.SOURCE)))) {
                        action.accept(r);
                    }
                }
            }
        }
    }

    /** The reason's first line (a database's detail lines repeat the row), with values blanked. */
    static String shape(String reason) {
        return reason.lines().findFirst().orElse("").replaceAll("'[^']*'", "'…'").replaceAll("(?<![A-Za-z_])-?\\d+([.,]\\d+)*", "…")
                .replaceAll("lines\\[…]", "lines[]");
    }

    private static List<String> reasons(String json) {
        if (json == null) {
            return List.of("(no reason recorded)");
        }
        try {
            return SaleJson.mapper().readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            return List.of(json);
        }
    }

    private static String text(Header h) {
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap, Topic<String, byte[]> dlq) {
        Properties p = ConsumerSettings.readCommitted(bootstrap);
        return new KafkaConsumer<>(p, dlq.keySerde().deserializer(), dlq.valueSerde().deserializer());
    }
}
