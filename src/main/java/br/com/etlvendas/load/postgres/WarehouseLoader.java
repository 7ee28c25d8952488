package br.com.etlvendas.load.postgres;

import br.com.etlvendas.config.WarehouseConfig;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads {@code sales.clean} into the warehouse at line grain. Reads only committed records, and keeps its
 * consumer offsets in the warehouse, written in the same transaction as the rows: on start or rebalance
 * it resumes from the offsets stored there, so a crash at any point neither loses nor duplicates a line.
 * A database outage is retried with exponential back-off; records are never skipped. A sale the warehouse
 * refuses for good is found by writing the batch one sale at a time and sent to the DLQ (stage {@code load}).
 */
public final class WarehouseLoader implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarehouseLoader.class);

    private final Topic<String, Sale> clean;
    private final WarehouseConfig config;
    private final DataSource dataSource;
    private final SaleLineBatchWriter writer;
    private final KafkaConsumer<String, Sale> consumer;
    private final LoadRejections rejections;
    private final AtomicLong loadedLines = new AtomicLong();
    private final LoadLatency latency = new LoadLatency();
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Partitions of {@code sales.clean} the group gave this loader; -1 until it first joined. */
    private volatile int assignedPartitions = -1;

    public WarehouseLoader(DataSource dataSource, Topic<String, Sale> clean, Topic<String, byte[]> dlq,
                           String bootstrapServers, WarehouseConfig config) {
        this.dataSource = dataSource;
        this.clean = clean;
        this.rejections = new LoadRejections(clean, dlq, bootstrapServers, java.time.Clock.systemUTC());
        this.config = config;
        this.writer = new SaleLineBatchWriter(dataSource, config.consumerGroup());
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(config.maxBatchRows()));
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        // room for a whole batch in one fetch (a clean line is ~0.8 KB), not the default 1 MiB per partition
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(Math.max(1 << 20, config.maxBatchRows() * 1024)));
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "200");
        p.putAll(ConsumerSettings.groupSession(config.sessionTimeout()));
        this.consumer = new KafkaConsumer<>(p, clean.keySerde().deserializer(), clean.valueSerde().deserializer());
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(clean.name()), new ResumeFromWarehouse());
            while (running) {
                ConsumerRecords<String, Sale> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    List<ConsumerRecord<String, Sale>> batch = new ArrayList<>(records.count());
                    records.forEach(batch::add);
                    writeWithRetry(batch);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                throw e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("Warehouse loader stopped: {}", e.getMessage(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            rejections.close();
        }
    }

    private void writeWithRetry(List<ConsumerRecord<String, Sale>> batch) {
        try {
            loadedLines.addAndGet(retryingTransient(() -> writer.write(batch), batch.size()));
            recordLatency(batch);
        } catch (SQLException refused) {
            log.warn("The warehouse refused a batch of {} sales (SQL state {}: {}); writing them one by one to set "
                    + "aside only the ones it refuses", batch.size(), refused.getSQLState(), refused.getMessage());
            for (ConsumerRecord<String, Sale> r : batch) {
                writeOneOrReject(r);
            }
        }
    }

    private void writeOneOrReject(ConsumerRecord<String, Sale> r) {
        try {
            loadedLines.addAndGet(retryingTransient(() -> writer.write(List.of(r)), 1));
            recordLatency(List.of(r));
        } catch (SQLException refused) {
            String reason = "warehouse refused the sale (SQL state " + refused.getSQLState() + "): " + refused.getMessage();
            log.error("Sale {} from {}-{}@{} sent to the DLQ: {}", r.key(), r.topic(), r.partition(), r.offset(), reason);
            rejections.reject(r, reason);
            try {
                retryingTransient(() -> {
                    writer.skip(r);
                    return 0;
                }, 1);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot store the loader's offset past a refused sale: " + e.getMessage(), e);
            }
        }
    }

    private void recordLatency(List<ConsumerRecord<String, Sale>> committed) {
        long now = System.currentTimeMillis();
        for (ConsumerRecord<String, Sale> r : committed) {
            if (r.value() != null) {
                latency.record(r.timestamp(), now, r.value().lines().size());
            }
        }
    }

    private interface Write {
        int run() throws SQLException;
    }

    /** Runs the write, retrying with back-off while the failure is transient; a permanent one is thrown. */
    private int retryingTransient(Write write, int sales) throws SQLException {
        long backoffMs = 100;
        while (true) {
            try {
                return write.run();
            } catch (SQLException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                log.warn("Warehouse unavailable ({}); retrying {} sales in {} ms", e.getMessage(), sales, backoffMs);
                pauseFor(backoffMs);
                backoffMs = Math.min(backoffMs * 2, config.retryBackoffMax().toMillis());
            }
        }
    }

    /**
     * Whether a failure is worth retrying: one {@link WarehouseErrorHandler} recognises as transient, or any
     * failure while the warehouse does not answer at all — one that carries no recognisable state (a pool's
     * "connection is closed" while the server restarts) is only the data's fault if the database is up to refuse it.
     */
    private boolean isTransient(SQLException e) {
        return WarehouseErrorHandler.isTransient(e) || !reachable();
    }

    private boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Waits without leaving the group: partitions are paused and polled, which fetches nothing. */
    private void pauseFor(long millis) {
        consumer.pause(consumer.assignment());
        long until = System.currentTimeMillis() + millis;
        while (running && System.currentTimeMillis() < until) {
            consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, until - System.currentTimeMillis()))));
        }
        consumer.resume(consumer.assignment());
        if (!running) {
            throw new WakeupException();
        }
    }

    /** Publication-to-commit time of the lines this loader has committed. */
    public LoadLatency latency() {
        return latency;
    }

    public long loadedLines() {
        return loadedLines.get();
    }

    /**
     * Partitions of {@code sales.clean} the loader's group gave it at the last rebalance (0: a hot standby, more
     * loaders than partitions); -1 before it first joined the group.
     */
    public int assignedPartitions() {
        return assignedPartitions;
    }

    /** The consumer's own metrics (e.g. {@code records-lag} per partition), read from any thread. */
    public Map<MetricName, ? extends Metric> consumerMetrics() {
        return consumer.metrics();
    }

    /** Non-null once the loader has stopped on a failure no retry can fix. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    private final class ResumeFromWarehouse implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                Map<TopicPartition, Long> stored = storedOffsetsWaitingForTheWarehouse(partitions);
                for (TopicPartition tp : partitions) {
                    Long next = stored.get(tp);
                    if (next != null) {
                        consumer.seek(tp, next);
                    } else {
                        consumer.seekToBeginning(List.of(tp));
                    }
                }
                assignedPartitions = consumer.assignment().size();
                log.info("Warehouse loader resumes {} from offsets stored in the warehouse: {}", partitions, stored);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the loader's offsets from the warehouse: " + e.getMessage(), e);
            }
        }

        /** The stored offsets; while the warehouse is unreachable, waits for it rather than guess where to resume. */
        private Map<TopicPartition, Long> storedOffsetsWaitingForTheWarehouse(Collection<TopicPartition> partitions)
                throws SQLException {
            long backoffMs = 100;
            while (true) {
                try {
                    return writer.storedOffsets(partitions);
                } catch (SQLException e) {
                    if (!isTransient(e) || !running) {
                        throw e;
                    }
                    log.warn("Warehouse unavailable while resuming ({}); retrying in {} ms", e.getMessage(), backoffMs);
                    try {
                        Thread.sleep(backoffMs);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                    backoffMs = Math.min(backoffMs * 2, config.retryBackoffMax().toMillis());
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // offsets are already in the warehouse, committed with the rows
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            assignedPartitions = 0;
        }
    }
}
