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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads {@code sales.clean} into the warehouse at line grain. Reads only committed records, and keeps its
 * consumer offsets in the warehouse, written in the same transaction as the rows: on start or rebalance
 * it resumes from the offsets stored there, so a crash at any point neither loses nor duplicates a line.
 * <p>
 * Partitions are written in parallel: the consumer thread only polls (and decodes); each assigned partition has a
 * lane, a queue of its records that one of {@code writers} threads at a time writes, in offset order, in
 * transactions of at most {@code max-batch-rows} records on a connection of its own. So decoding, building the COPY
 * rows and PostgreSQL's work overlap, and several backends write at once. A partition whose lane already holds a
 * full batch waiting is paused until its writer takes it, which bounds the memory and, while the warehouse is down,
 * stops consumption. A sale's records all share one partition, so its versions are still applied in order.
 * <p>
 * Stored offsets only move forward and fence writers: a record below its partition's stored offset is never
 * written again, so a loader that kept a batch after the group moved its partitions cannot write over the new
 * owner. On revocation the lanes of the moved partitions drop what they hold and the consumer waits for a write in
 * progress to end before the group moves on. Failures are classed by {@link WarehouseErrorHandler}: a database outage
 * is retried with exponential back-off (records are never skipped); sales the warehouse refuses for good are
 * isolated by halving the batch and sent alone to the DLQ (stage {@code load}); a configuration problem
 * (credentials, permission, a missing table) stops the loader with a message naming it, sending nothing to the DLQ.
 */
public final class WarehouseLoader implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarehouseLoader.class);

    /** Longest the consumer waits at a rebalance for a revoked partition's write in progress. */
    private static final long REVOKE_WAIT_MS = 30_000;

    private final Topic<String, Sale> clean;
    private final WarehouseConfig config;
    private final DataSource dataSource;
    private final SaleLineBatchWriter writer;
    private final KafkaConsumer<String, Sale> consumer;
    private final LoadRejections rejections;
    private final ExecutorService writers;
    /** The lane of each partition assigned to this loader; written by the consumer thread only. */
    private final Map<TopicPartition, Lane> lanes = new ConcurrentHashMap<>();
    /** Partitions paused because their lane is full; consumer thread only. */
    private final Set<TopicPartition> full = new HashSet<>();
    private final AtomicLong loadedLines = new AtomicLong();
    private final AtomicLong rejectedSales = new AtomicLong();
    private final AtomicLong staleRecords = new AtomicLong();
    private final AtomicLong revokedRecords = new AtomicLong();
    private final AtomicReference<RuntimeException> writerFailure = new AtomicReference<>();
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
        AtomicInteger threadNo = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(config.writers(), task -> {
            Thread t = new Thread(task, "warehouse-writer-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(clean.name()), new ResumeFromWarehouse());
            while (running) {
                RuntimeException writerStopped = writerFailure.get();
                if (writerStopped != null) {
                    throw writerStopped;
                }
                resumeWhereWritersTookTheirBatch();
                ConsumerRecords<String, Sale> records = consumer.poll(Duration.ofMillis(full.isEmpty() ? 500 : 20));
                for (TopicPartition tp : records.partitions()) {
                    Lane lane = lanes.computeIfAbsent(tp, Lane::new);
                    if (lane.offer(records.records(tp))) {
                        consumer.pause(List.of(tp));
                        full.add(tp);
                    }
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
            stopWriters();
            consumer.close(Duration.ofSeconds(5));
            rejections.close();
        }
    }

    /** Resumes the paused partitions whose writer has taken the full batch that waited. */
    private void resumeWhereWritersTookTheirBatch() {
        if (full.isEmpty()) {
            return;
        }
        List<TopicPartition> resumed = new ArrayList<>();
        for (Iterator<TopicPartition> it = full.iterator(); it.hasNext(); ) {
            TopicPartition tp = it.next();
            Lane lane = lanes.get(tp);
            if (lane == null || !lane.isFull()) {
                it.remove();
                if (lane != null) {
                    resumed.add(tp);
                }
            }
        }
        if (!resumed.isEmpty()) {
            consumer.resume(resumed);
        }
    }

    /** Ends every lane: a write in progress finishes its transaction; what is unwritten is read again next time. */
    private void stopWriters() {
        signalStop();
        try {
            if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("A warehouse write still runs 30 s after the loader was asked to stop; leaving it to the "
                        + "database (its transaction commits whole or not at all)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One assigned partition's records waiting to be written, and the one writer task that writes them: it takes up
     * to {@code max-batch-rows} records, writes them in one transaction, then queues itself again behind the other
     * lanes while records remain.
     */
    private final class Lane implements Runnable {
        private final TopicPartition partition;
        private final ArrayDeque<ConsumerRecord<String, Sale>> queue = new ArrayDeque<>();
        /** A task of this lane is queued on, or running in, the writer threads. */
        private boolean scheduled;
        /** Set once the group moved the partition, after the lane left {@link #lanes}: no record is offered to it again. */
        private volatile boolean revoked;

        Lane(TopicPartition partition) {
            this.partition = partition;
        }

        /** Queues polled records for writing; true when the lane now holds a full batch waiting (pause the partition). */
        synchronized boolean offer(List<ConsumerRecord<String, Sale>> records) {
            queue.addAll(records);
            if (!scheduled) {
                schedule();
            }
            return isFull();
        }

        synchronized boolean isFull() {
            return queue.size() >= config.maxBatchRows();
        }

        private void schedule() {
            try {
                writers.execute(this);
                scheduled = true;
            } catch (RejectedExecutionException stopping) {
                done();
            }
        }

        @Override
        public void run() {
            List<ConsumerRecord<String, Sale>> batch = take();
            if (batch == null) {
                return;
            }
            try {
                writeWithRetry(this, batch);
            } catch (WakeupException stopping) {
                // the loader stops: the records not written are read again from the stored offsets next time
            } catch (RuntimeException e) {
                if (writerFailure.compareAndSet(null, e)) {
                    log.error("Warehouse writer of {} stopped: {}", partition, e.getMessage());
                }
            }
            synchronized (this) {
                if (revoked || !running || queue.isEmpty() || writerFailure.get() != null) {
                    done();
                } else {
                    schedule();
                }
            }
        }

        /** The next batch of this lane, or null (and the lane idle) when there is nothing to write. */
        private synchronized List<ConsumerRecord<String, Sale>> take() {
            if (revoked || !running || queue.isEmpty()) {
                done();
                return null;
            }
            int n = Math.min(queue.size(), config.maxBatchRows());
            List<ConsumerRecord<String, Sale>> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(queue.poll());
            }
            return batch;
        }

        private void done() {
            scheduled = false;
            notifyAll();
        }

        /**
         * The group moved this partition: drops the records waiting, ends a back-off, and waits (up to {@code waitMs})
         * for a write in progress to end. Returns false when one still runs (the offset fence keeps it from writing
         * what the new owner writes).
         */
        synchronized boolean revoke(long waitMs) {
            revoked = true;
            if (!queue.isEmpty()) {
                revokedRecords.addAndGet(queue.size());
                queue.clear();
            }
            notifyAll();
            long until = System.currentTimeMillis() + waitMs;
            try {
                for (long left = waitMs; scheduled && left > 0; left = until - System.currentTimeMillis()) {
                    wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return !scheduled;
        }

        synchronized void wake() {
            notifyAll();
        }

        /** Waits out the back-off after a transient failure (sooner if the lane is revoked or the loader stops). */
        synchronized long waitOutTransient(SQLException e, long backoffMs) {
            log.warn("Warehouse unavailable for {} ({}); retrying in {} ms", partition, e.getMessage(), backoffMs);
            long until = System.currentTimeMillis() + backoffMs;
            try {
                for (long left = backoffMs; running && !revoked && left > 0; left = until - System.currentTimeMillis()) {
                    wait(left);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new WakeupException();
            }
            if (!running) {
                throw new WakeupException();
            }
            return Math.min(backoffMs * 2, config.retryBackoffMax().toMillis());
        }
    }

    /**
     * Writes a batch of one lane: transient failures are retried (the batch dropped if the partition moves away
     * meanwhile); a data error is narrowed down by halving the batch until the refused sales are alone, and only
     * they go to the DLQ; a configuration error stops the loader.
     */
    private void writeWithRetry(Lane lane, List<ConsumerRecord<String, Sale>> batch) {
        try {
            recordLatency(retryingTransient(lane, batch));
        } catch (Refused refused) {
            log.warn("The warehouse refused a batch of {} sales (SQL state {}: {}); halving it to set aside only the "
                    + "ones it refuses", refused.records.size(), refused.error.getSQLState(), refused.error.getMessage());
            isolateRefused(lane, refused);
        }
    }

    /** Writes the refused records again in halves, down to single sales, which go to the DLQ with the database's reason. */
    private void isolateRefused(Lane lane, Refused refused) {
        List<ConsumerRecord<String, Sale>> records = refused.records;
        if (records.size() == 1) {
            reject(lane, records.get(0), refused.error);
            return;
        }
        int mid = records.size() / 2;
        for (List<ConsumerRecord<String, Sale>> half : List.of(records.subList(0, mid), records.subList(mid, records.size()))) {
            try {
                recordLatency(retryingTransient(lane, half));
            } catch (Refused stillRefused) {
                isolateRefused(lane, stillRefused);
            }
        }
    }

    private void reject(Lane lane, ConsumerRecord<String, Sale> r, SQLException refused) {
        String reason = "warehouse refused the sale (SQL state " + refused.getSQLState() + "): " + refused.getMessage();
        try {
            boolean setAside = retrying(lane, () -> !lane.revoked && writer.skip(r, () -> rejections.reject(r, reason)));
            if (setAside) {
                rejectedSales.incrementAndGet();
                log.error("Sale {} from {}-{}@{} sent to the DLQ: {}", r.key(), r.topic(), r.partition(), r.offset(), reason);
            }
        } catch (SQLException e) {
            throw stopped(e, "cannot store the loader's offset past a refused sale");
        }
    }

    /** Records the warehouse refused (a data error). */
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
     * Writes the batch, retrying with back-off while the failure is transient; returns the records it wrote (or found
     * already written), none when the group moved the partition away meanwhile. A configuration error stops the loader.
     */
    private List<ConsumerRecord<String, Sale>> retryingTransient(Lane lane, List<ConsumerRecord<String, Sale>> batch)
            throws Refused {
        long backoffMs = 100;
        while (true) {
            if (!running) {
                throw new WakeupException(); // stopping: no new write, what is unwritten is read again next time
            }
            if (lane.revoked) {
                revokedRecords.addAndGet(batch.size());
                log.info("Dropped {} records of {}, moved to another loader while this one waited for the warehouse",
                        batch.size(), lane.partition);
                return List.of();
            }
            try {
                SaleLineBatchWriter.Written written = writer.write(batch);
                loadedLines.addAndGet(written.lines());
                if (written.staleRecords() > 0) {
                    staleRecords.addAndGet(written.staleRecords());
                    log.info("Left out {} records the warehouse already holds (their offsets were stored by another "
                            + "loader or an earlier attempt)", written.staleRecords());
                }
                return batch;
            } catch (SQLException e) {
                if (failureClass(e) == WarehouseErrorHandler.Failure.DATA) {
                    throw new Refused(batch, e);
                }
                backoffMs = lane.waitOutTransient(e, backoffMs);
            }
        }
    }

    /** Runs the attempt, retrying with back-off while the failure is transient; a data error is thrown. */
    private <T> T retrying(Lane lane, Attempt<T> attempt) throws SQLException {
        long backoffMs = 100;
        while (true) {
            try {
                return attempt.run();
            } catch (SQLException e) {
                if (failureClass(e) == WarehouseErrorHandler.Failure.DATA) {
                    throw e;
                }
                backoffMs = lane.waitOutTransient(e, backoffMs);
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
        signalStop();
        consumer.wakeup();
    }

    /** Tells the writers to stop: back-offs end, no lane takes another batch, no new write task starts. */
    private void signalStop() {
        running = false;
        lanes.values().forEach(Lane::wake);
        writers.shutdown();
    }

    private final class ResumeFromWarehouse implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            try {
                Map<TopicPartition, Long> stored = storedOffsetsWaitingForTheWarehouse(partitions);
                for (TopicPartition tp : partitions) {
                    lanes.put(tp, new Lane(tp));
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
            // offsets are in the warehouse, committed with the rows: only the writes in progress are waited for
            endLanes(partitions, REVOKE_WAIT_MS);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            endLanes(partitions, 0);
            assignedPartitions = 0;
        }

        private void endLanes(Collection<TopicPartition> partitions, long waitMs) {
            long until = System.currentTimeMillis() + waitMs;
            for (TopicPartition tp : partitions) {
                full.remove(tp);
                Lane lane = lanes.remove(tp);
                if (lane != null && !lane.revoke(Math.max(0, until - System.currentTimeMillis())) && waitMs > 0) {
                    log.warn("A write of {} still runs after the partition moved; the offsets stored in the warehouse "
                            + "keep it from writing what the partition's new owner writes", tp);
                }
            }
        }
    }
}
