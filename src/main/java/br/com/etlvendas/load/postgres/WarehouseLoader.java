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
import org.apache.kafka.common.KafkaException;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Loads {@code sales.clean} into the warehouse at line grain. Reads only committed records, and keeps its
 * consumer offsets in the warehouse, written in the same transaction as the rows: on start or rebalance
 * it resumes from the offsets stored there, so a crash at any point neither loses nor duplicates a line.
 * Stored offsets only move forward and fence writers: a record below its partition's stored offset is never
 * written again, so a loader that kept a batch after the group moved its partitions cannot write over the new
 * owner. Failures are classed by {@link WarehouseErrorHandler}: a database outage is retried with exponential
 * back-off (records are never skipped); sales the warehouse refuses for good are isolated by halving the batch
 * and sent alone to the DLQ (stage {@code load}); a configuration problem (credentials, permission, a missing
 * table) stops the loader with a message naming it, sending nothing to the DLQ.
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
    private final AtomicLong rejectedSales = new AtomicLong();
    private final AtomicLong staleRecords = new AtomicLong();
    private final AtomicLong revokedRecords = new AtomicLong();
    private final LoadLatency latency = new LoadLatency();
    private volatile boolean running = true;
    private volatile Throwable failure;
    /** Set while the loader waits out a transient failure with its partitions paused. */
    private boolean waiting;
    /** Set once the loader has paused since its last poll: the group may have moved partitions of the batch in hand. */
    private boolean pausedSincePoll;
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
                pausedSincePoll = false;
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
            Throwable cause = e instanceof KafkaException && e.getCause() instanceof LoaderStopped ? e.getCause() : e;
            failure = cause;
            log.error("Warehouse loader stopped: {}", cause.getMessage(), cause);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            rejections.close();
        }
    }

    /**
     * Writes a polled batch: transient failures are retried (the batch shrinking to the partitions this process
     * still owns after each pause); a data error is narrowed down by halving the batch until the refused sales are
     * alone, and only they go to the DLQ; a configuration error stops the loader.
     */
    private void writeWithRetry(List<ConsumerRecord<String, Sale>> batch) {
        try {
            recordLatency(retryingTransient(batch));
        } catch (Refused refused) {
            log.warn("The warehouse refused a batch of {} sales (SQL state {}: {}); halving it to set aside only the "
                    + "ones it refuses", refused.records.size(), refused.error.getSQLState(), refused.error.getMessage());
            isolateRefused(refused);
        }
    }

    /** Writes the refused records again in halves, down to single sales, which go to the DLQ with the database's reason. */
    private void isolateRefused(Refused refused) {
        List<ConsumerRecord<String, Sale>> records = refused.records;
        if (records.size() == 1) {
            reject(records.get(0), refused.error);
            return;
        }
        int mid = records.size() / 2;
        for (List<ConsumerRecord<String, Sale>> half : List.of(records.subList(0, mid), records.subList(mid, records.size()))) {
            try {
                recordLatency(retryingTransient(half));
            } catch (Refused stillRefused) {
                isolateRefused(stillRefused);
            }
        }
    }

    private void reject(ConsumerRecord<String, Sale> r, SQLException refused) {
        String reason = "warehouse refused the sale (SQL state " + refused.getSQLState() + "): " + refused.getMessage();
        try {
            boolean setAside = retrying(() -> ownsPartitionOf(r) && writer.skip(r, () -> rejections.reject(r, reason)));
            if (setAside) {
                rejectedSales.incrementAndGet();
                log.error("Sale {} from {}-{}@{} sent to the DLQ: {}", r.key(), r.topic(), r.partition(), r.offset(), reason);
            }
        } catch (SQLException e) {
            throw stopped(e, "cannot store the loader's offset past a refused sale");
        }
    }

    /** Records the warehouse refused (a data error), as far as this process still owns them. */
    private static final class Refused extends Exception {
        final transient List<ConsumerRecord<String, Sale>> records;
        final SQLException error;

        Refused(List<ConsumerRecord<String, Sale>> records, SQLException error) {
            super(error.getMessage(), error, false, false);
            this.records = records;
            this.error = error;
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

    private interface Attempt<T> {
        T run() throws SQLException;
    }

    /**
     * Writes the records of the batch this process still owns, retrying with back-off while the failure is
     * transient; returns the records it wrote (or found already written). A configuration error stops the loader.
     */
    private List<ConsumerRecord<String, Sale>> retryingTransient(List<ConsumerRecord<String, Sale>> batch) throws Refused {
        List<ConsumerRecord<String, Sale>> owned = batch;
        long backoffMs = 100;
        while (true) {
            if (!running) {
                throw new WakeupException(); // stopping: no new write, what is unwritten is read again next time
            }
            if (pausedSincePoll) {
                owned = stillOwned(owned);
            }
            try {
                SaleLineBatchWriter.Written written = writer.write(owned);
                loadedLines.addAndGet(written.lines());
                if (written.staleRecords() > 0) {
                    staleRecords.addAndGet(written.staleRecords());
                    log.info("Left out {} records the warehouse already holds (their offsets were stored by another "
                            + "loader or an earlier attempt)", written.staleRecords());
                }
                return owned;
            } catch (SQLException e) {
                if (failureClass(e) == WarehouseErrorHandler.Failure.DATA) {
                    throw new Refused(owned, e);
                }
                backoffMs = waitOutTransient(e, backoffMs);
            }
        }
    }

    /** Runs the attempt, retrying with back-off while the failure is transient; a data error is thrown. */
    private <T> T retrying(Attempt<T> attempt) throws SQLException {
        long backoffMs = 100;
        while (true) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (failureClass(e) == WarehouseErrorHandler.Failure.DATA) {
                    throw e;
                }
                backoffMs = waitOutTransient(e, backoffMs);
            }
        }
    }

    /** The failure's class; a configuration error stops the loader here. */
    private WarehouseErrorHandler.Failure failureClass(SQLException e) {
        WarehouseErrorHandler.Failure kind = classify(e);
        if (kind == WarehouseErrorHandler.Failure.CONFIGURATION) {
            throw stopped(e, WarehouseErrorHandler.configurationHint(e));
        }
        return kind;
    }

    /** Pauses for the back-off after a transient failure; returns the next back-off. */
    private long waitOutTransient(SQLException e, long backoffMs) {
        log.warn("Warehouse unavailable ({}); retrying in {} ms", e.getMessage(), backoffMs);
        pauseFor(backoffMs);
        return Math.min(backoffMs * 2, config.retryBackoffMax().toMillis());
    }

    private static LoaderStopped stopped(SQLException e, String problem) {
        return new LoaderStopped("warehouse loader stopped: " + problem + " (SQL state " + e.getSQLState() + ": "
                + e.getMessage() + "); nothing was sent to the DLQ, and loading resumes where it stopped once this is "
                + "fixed and the loader restarted", e);
    }

    /** The loader cannot go on until someone fixes the warehouse or its configuration. */
    static final class LoaderStopped extends IllegalStateException {
        LoaderStopped(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The records of partitions this process still owns: after a pause, the group may have moved some elsewhere. */
    private List<ConsumerRecord<String, Sale>> stillOwned(List<ConsumerRecord<String, Sale>> batch) {
        Set<TopicPartition> assigned = consumer.assignment();
        List<ConsumerRecord<String, Sale>> owned = new ArrayList<>(batch.size());
        for (ConsumerRecord<String, Sale> r : batch) {
            if (assigned.contains(new TopicPartition(r.topic(), r.partition()))) {
                owned.add(r);
            }
        }
        if (owned.size() < batch.size()) {
            revokedRecords.addAndGet(batch.size() - owned.size());
            log.info("Dropped {} records of partitions moved to another loader while this one waited for the warehouse",
                    batch.size() - owned.size());
        }
        return owned;
    }

    private boolean ownsPartitionOf(ConsumerRecord<String, Sale> r) {
        return consumer.assignment().contains(new TopicPartition(r.topic(), r.partition()));
    }

    /**
     * What a failure means here: one {@link WarehouseErrorHandler} recognises as transient, or any failure while
     * the warehouse does not answer at all — one that carries no recognisable state (a pool's "connection is
     * closed" while the server restarts) is only the data's fault if the database is up to refuse it.
     */
    private WarehouseErrorHandler.Failure classify(SQLException e) {
        WarehouseErrorHandler.Failure kind = WarehouseErrorHandler.classify(e);
        if (kind != WarehouseErrorHandler.Failure.TRANSIENT && !reachable()) {
            return WarehouseErrorHandler.Failure.TRANSIENT;
        }
        return kind;
    }

    private boolean reachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Waits without leaving the group: partitions are paused and polled, which fetches nothing. A rebalance may run
     * in that poll; partitions it assigns are paused too, so no record is fetched and dropped here.
     */
    private void pauseFor(long millis) {
        waiting = true;
        pausedSincePoll = true;
        consumer.pause(consumer.assignment());
        try {
            long until = System.currentTimeMillis() + millis;
            while (running && System.currentTimeMillis() < until) {
                ConsumerRecords<String, Sale> unexpected = consumer.poll(
                        Duration.ofMillis(Math.min(200, Math.max(1, until - System.currentTimeMillis()))));
                for (TopicPartition tp : unexpected.partitions()) {
                    consumer.seek(tp, unexpected.records(tp).get(0).offset());
                }
            }
        } finally {
            waiting = false;
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

    /** Sales the warehouse refused for good, sent to the DLQ. */
    public long rejectedSales() {
        return rejectedSales.get();
    }

    /** Records left out because the warehouse already held their offsets (written by another loader or attempt). */
    public long staleRecords() {
        return staleRecords.get();
    }

    /** Records dropped from a batch in hand because their partition moved to another loader while it was retried. */
    public long revokedRecords() {
        return revokedRecords.get();
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
                if (waiting) {
                    consumer.pause(partitions);
                }
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
                throw stopped(e, "cannot read the loader's offsets from the warehouse");
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
                    if (classify(e) != WarehouseErrorHandler.Failure.TRANSIENT || !running) {
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
