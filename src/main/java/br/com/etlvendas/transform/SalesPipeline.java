package br.com.etlvendas.transform;

import br.com.etlvendas.config.EnrichmentConfig;
import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.transform.step.TransformationChain;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Runs {@link SalesTopology} on a Kafka cluster with exactly-once processing ({@code exactly_once_v2}),
 * state under the data directory. A record that makes a processor throw goes to the DLQ ({@link PoisonRecordHandler})
 * and the thread goes on; a thread that fails anyway is replaced and its work resumes from the last committed
 * transaction, and {@link #health()} reports DOWN while threads keep failing or the client is in ERROR.
 */
public final class SalesPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SalesPipeline.class);

    /** Stream thread failures within this window... */
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(5);
    /** ...at least this many, mean the threads keep failing: health is DOWN until the window holds fewer. */
    static final int FAILURES_DOWN = 3;

    private final KafkaStreams streams;
    private final PoisonRecords poison;
    private final StreamThreadFailures failures;

    public SalesPipeline(Topics topics, PipelineConfig config, String bootstrapServers, Path stateDir) {
        this(topics, config, TransformationChain.none(), KpiWindowsConfig.DISABLED, bootstrapServers, stateDir);
    }

    public SalesPipeline(Topics topics, PipelineConfig config, TransformationChain chain, String bootstrapServers, Path stateDir) {
        this(topics, config, chain, KpiWindowsConfig.DISABLED, bootstrapServers, stateDir);
    }

    public SalesPipeline(Topics topics, PipelineConfig config, TransformationChain chain, KpiWindowsConfig windows,
                         String bootstrapServers, Path stateDir) {
        this(topics, config, chain, windows, EnrichmentConfig.NONE, bootstrapServers, stateDir);
    }

    public SalesPipeline(Topics topics, PipelineConfig config, TransformationChain chain, KpiWindowsConfig windows,
                         EnrichmentConfig enrichment, String bootstrapServers, Path stateDir) {
        Clock clock = Clock.systemUTC();
        this.poison = new PoisonRecords(clock);
        this.failures = new StreamThreadFailures(clock, FAILURE_WINDOW, FAILURES_DOWN);
        Properties p = exactlyOnce(config.applicationId(), bootstrapServers, config.commitInterval(), stateDir);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(topics.config().get(TopicId.RAW).replicationFactor()));
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
        p.put("processing.exception.handler.global.enabled", "true");
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonRecordHandler.class);
        p.put(PoisonRecordHandler.SETTINGS, new PoisonRecordHandler.Settings(topics.raw(), topics.dlq().name(), poison, clock));
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, RocksDbMemoryBudget.class);
        ConsumerSettings.groupSession(config.sessionTimeout()).forEach((k, v) -> p.put(StreamsConfig.mainConsumerPrefix(k), v));
        this.streams = new KafkaStreams(SalesTopology.build(topics, config, chain, poison, windows, enrichment, clock), p);
        streams.setUncaughtExceptionHandler(e -> {
            failures.failed(e);
            log.error("Stream thread failed; replacing it and resuming from the last committed transaction", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    }

    /**
     * The exactly-once settings of the pipeline's Kafka Streams application: guarantee, commit interval, state
     * directory, where a new application starts reading, and how its producer batches. The benchmark's
     * pass-through ceiling runs with the same ones.
     */
    public static Properties exactlyOnce(String applicationId, String bootstrapServers, Duration commitInterval, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(commitInterval.toMillis()));
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // batches fill until the commit flushes them: a few large produce requests per commit instead of one per
        // partition every 10 ms (bench e2e: 23.5 k -> 29 k lines/s, broker CPU per line down a quarter); the
        // commit sends whatever is waiting, so a line waits no longer than it already did for the commit
        // (at most a second: the producer's delivery timeout must stay above linger + request timeout)
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), Long.toString(Math.min(1000, commitInterval.toMillis())));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(256 * 1024));
        return p;
    }

    public SalesPipeline start() {
        streams.start();
        return this;
    }

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Kafka Streams' and its clients' own metrics (e.g. the main consumers' {@code records-lag}), read from any thread. */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /**
     * The pipeline's part of {@code /health}: UP while the client runs (or rebalances) and its threads are not
     * failing over and over; the records sent to the DLQ because a step threw, and the last one, either way.
     */
    public Health health() {
        KafkaStreams.State state = streams.state();
        StreamThreadFailures.Recent recent = failures.recent();
        String reason = null;
        if (state == KafkaStreams.State.ERROR) {
            reason = "Kafka Streams is in state ERROR" + (recent.last() == null ? "" : "; last thread failure: " + recent.last());
        } else if (recent.count() >= FAILURES_DOWN) {
            reason = "stream threads failed " + recent.count() + " times in the last " + FAILURE_WINDOW.toMinutes()
                    + " minutes; last: " + recent.last();
        } else if (state != KafkaStreams.State.RUNNING && state != KafkaStreams.State.REBALANCING) {
            reason = "Kafka Streams is " + state;
        }
        return new Health(reason == null, state.name(), reason, recent.count(), failures.total(), poison.count(), poison.last());
    }

    /** See {@link #health()}; {@code reason} is null when up. */
    public record Health(boolean up, String state, String reason, int recentThreadFailures, long threadFailures,
                         long poisonRecords, PoisonRecords.Last lastPoisonRecord) {
    }

    @Override
    public void close() {
        // leave the group now, so that a restarted pipeline is not kept waiting for this member's session to expire;
        // bounded so that a whole stop stays within seconds: a transaction not committed by then is aborted, and
        // exactly-once processing redoes it after the restart
        streams.close(CloseOptions.timeout(CLOSE_TIMEOUT)
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        log.info("Kafka Streams pipeline closed");
    }
}
