package br.com.etlvendas.cli;

import br.com.etlvendas.load.lake.LakeWriter;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code ingest}'s wait for the data lake, once the warehouse balances: the end of {@code sales.clean} as a
 * read-committed reader sees it then (every record of the run is committed, since the warehouse has it) is the
 * position the lake writer must reach on each partition; the writer is asked to store its open batches at once
 * rather than at {@code roll-interval}. The outcome is one line of the final report.
 */
final class LakeCatchUp {

    private LakeCatchUp() {
    }

    /** How the lake stands after the wait; {@code lake} null when the lake is off. */
    record Outcome(LakeWriter lake, LakeWriter.InLake inLake) {

        /** Off, or every partition this process writes in the lake up to the run's end. */
        boolean ok() {
            return lake == null || inLake.caughtUp();
        }

        String line() {
            if (lake == null) {
                return "lake: off";
            }
            StringBuilder sb = new StringBuilder("lake: ");
            if (inLake.failure() != null) {
                sb.append("FAILED (").append(inLake.failure().getMessage()).append(")");
            } else if (inLake.caughtUp()) {
                sb.append("caught up with the end of the run in ").append(lake.where());
            } else {
                sb.append("NOT caught up in ").append(lake.where()).append(": records missing by partition ")
                        .append(inLake.behind().entrySet().stream().sorted(Map.Entry.comparingByKey())
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
            }
            sb.append(" (").append(lake.writtenLines()).append(" lines in ").append(lake.writtenFiles())
                    .append(" files written by this process)");
            if (!inLake.heldElsewhere().isEmpty()) {
                sb.append("; partitions ").append(inLake.heldElsewhere())
                        .append(" are written by another process's lake writer, not waited for");
            }
            return sb.toString();
        }
    }

    /** Waits at most {@code timeout} for the lake to hold {@code clean} up to its end now. */
    static Outcome await(LakeWriter lake, Topic<String, Sale> clean, String bootstrapServers, Duration timeout)
            throws InterruptedException {
        if (lake == null) {
            return new Outcome(null, null);
        }
        return new Outcome(lake, lake.awaitInLake(committedEnds(clean, bootstrapServers), timeout));
    }

    private static Map<Integer, Long> committedEnds(Topic<String, Sale> clean, String bootstrapServers) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(ConsumerSettings.readCommitted(bootstrapServers),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(clean.name())) {
                tps.add(new TopicPartition(p.topic(), p.partition()));
            }
            Map<Integer, Long> ends = new HashMap<>();
            c.endOffsets(tps).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }
}
