package br.com.etlvendas.bench;

import br.com.etlvendas.transform.SalesPipeline;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Streams ceiling: a topology that only copies {@code sales.raw} to another topic, with the same
 * exactly-once guarantee, commit interval and producer settings as the real one, so the gap to the real
 * topology is what parsing, validating, de-duplicating and counting cost.
 */
final class PassThroughCeiling {

    private final String bootstrapServers;
    private final String rawTopic;
    private final int partitions;
    private final Duration commitInterval;
    private final Path stateDir;

    PassThroughCeiling(String bootstrapServers, String rawTopic, int partitions, Duration commitInterval, Path stateDir) {
        this.bootstrapServers = bootstrapServers;
        this.rawTopic = rawTopic;
        this.partitions = partitions;
        this.commitInterval = commitInterval;
        this.stateDir = stateDir;
    }

    /** Copies the first {@code records} records of the raw topic; records per second from 10 % to 90 % of them. */
    Progress.Throughput run(long records, Duration timeout) throws InterruptedException, ExecutionException {
        String out = "bench.passthrough";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(out, partitions, (short) 1))).all().get();
        }
        AtomicLong copied = new AtomicLong();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(rawTopic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .peek((k, v) -> copied.incrementAndGet())
                .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
        Properties p = SalesPipeline.exactlyOnce("etl-vendas-bench-passthrough", bootstrapServers, commitInterval, stateDir);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.start();
            Progress progress = Progress.watch(copied::get, records, timeout);
            streams.close(CloseOptions.timeout(Duration.ofSeconds(30)));
            return progress.throughput();
        }
    }
}
