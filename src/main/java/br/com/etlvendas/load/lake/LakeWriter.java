package br.com.etlvendas.load.lake;

import br.com.etlvendas.config.LakeConfig;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes {@code sales.clean} (read committed) to the Parquet lake, one row per sale line, in files per Kafka
 * partition and sale date. Its progress is kept in the lake ({@link LakeStateStore}), not in Kafka. A batch of a
 * partition covers the offsets [first, last]; it is written in three steps: (1) the intent [first, last] is
 * stored in the partition's state, (2) the batch is written to local Parquet files, one per sale date, by a few
 * partitioned DuckDB {@code COPY}s ({@link ParquetStaging}), and each is stored under a name made of (partition,
 * first, last), atomically ({@link LakeStore#putAll}), (3) the state becomes "next offset last + 1, no intent". A writer that starts (or is
 * given the partition by a rebalance) and finds an open intent reads exactly [first, last] again and stores the
 * same names, replacing whatever part of the batch was there, before going on; without an intent it resumes at
 * the next offset. So a crash at any point neither loses nor duplicates a line. A batch is written when it holds
 * {@code roll-lines} lines or is {@code roll-interval} old. A writer that lost its partition while storing files
 * does not overwrite the state of the writer that took over (the intent names its owner); the window between
 * that check and the write is a few milliseconds, against a session timeout of many seconds.
 * <p>
 * Open batches are also written on request ({@link #awaitInLake}: {@code ingest} waits for the lake so) and when
 * the writer is closed ({@code demo} and {@code run} stopping), so a stop loses no time; a writer killed drops
 * them, and the next one writes them from the lake's state.
 */
public final class LakeWriter implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LakeWriter.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    /** Test seam: called after a batch's files are stored and before its state is committed. */
    @FunctionalInterface
    public interface BatchStoredHook {
        BatchStoredHook NONE = (partition, first, last) -> { };

        void filesStored(int partition, long first, long last);
    }

    private final Topic<String, Sale> clean;
    private final LakeConfig config;
    private final LakeStore store;
    private final LakeStateStore states;
    private final Path workDir;
    private final Clock clock;
    private final BatchStoredHook hook;
    private final String owner = UUID.randomUUID().toString();
    private final KafkaConsumer<String, Sale> consumer;
    private final Map<Integer, PartitionBatch> batches = new HashMap<>();
    private final AtomicLong writtenLines = new AtomicLong();
    private final AtomicLong writtenFiles = new AtomicLong();
    private final AtomicLong recordsTaken = new AtomicLong();
    private ParquetStaging staging;
    /** Per partition held: the offset before which every record of it is in the lake (read by other threads). */
    private final Map<Integer, Long> inLake = new ConcurrentHashMap<>();
    /** Per partition: once the writer has read up to this offset, it stores the open batch at once ({@link #awaitInLake}). */
    private volatile Map<Integer, Long> flushAt = Map.of();
    private volatile boolean running = true;
    private volatile Throwable failure;

    public LakeWriter(Topic<String, Sale> clean, LakeStore store, String bootstrapServers, LakeConfig config,
                      Duration sessionTimeout, Path workDir, Clock clock, BatchStoredHook hook) {
        this.clean = clean;
        this.config = config;
        this.store = store;
        this.states = new LakeStateStore(store, clean.name());
        this.workDir = workDir;
        this.clock = clock;
        this.hook = hook;
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "500");
        p.putAll(ConsumerSettings.groupSession(sessionTimeout));
        this.consumer = new KafkaConsumer<>(p, clean.keySerde().deserializer(), clean.valueSerde().deserializer());
    }

    @Override
    public void run() {
        try {
            deleteLeftovers();
            staging = new ParquetStaging(workDir, config.memoryLimitMb());
            consumer.subscribe(List.of(clean.name()), new ResumeFromLake());
            log.info("Lake writer writes {} to {}", clean.name(), store.describe());
            while (running) {
                ConsumerRecords<String, Sale> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, Sale> r : records) {
                    accept(r);
                }
                rollDueBatches();
                publishOffsetsInLake();
            }
        } catch (WakeupException e) {
            if (running) {
                failure = e;
            }
        } catch (Exception e) {
            failure = e;
            log.error("Lake writer stopped: {}", e.getMessage(), e);
        } finally {
            if (failure == null) {
                storeOpenBatchesOnStop();
            }
            inLake.clear();
            consumer.close(Duration.ofSeconds(5));
            closeStaging();
        }
    }

    private void accept(ConsumerRecord<String, Sale> r) throws SQLException, IOException {
        PartitionBatch b = batches.get(r.partition());
        if (b == null) {
            throw new IllegalStateException("a record of partition " + r.partition() + " arrived without its assignment");
        }
        if (b.recovering() && r.offset() > b.recoverUntil()) {
            flush(b);
        }
        if (r.value() != null) {
            staging.append(r.value(), r.partition(), r.offset());
        }
        b.add(r.offset(), r.value() == null ? 0 : r.value().lines().size(), clock.millis());
        recordsTaken.incrementAndGet();
        if (b.recovering() ? r.offset() == b.recoverUntil() : b.lines() >= config.rollLines()) {
            flush(b);
        }
    }

    private void rollDueBatches() throws SQLException, IOException {
        long now = clock.millis();
        Map<Integer, Long> asked = flushAt;
        for (PartitionBatch b : batches.values()) {
            if (b.recovering()) {
                // records of the intent deleted or compacted away: the position has passed its last offset
                if (consumer.position(b.topicPartition()) > b.recoverUntil()) {
                    flush(b);
                }
            } else if (!b.isEmpty() && (now - b.openedAtMillis() >= config.rollInterval().toMillis() || readUpTo(b, asked))) {
                flush(b);
            }
        }
    }

    /** Whether the batch's partition has been read up to the offset asked for: called after a whole poll is taken. */
    private boolean readUpTo(PartitionBatch b, Map<Integer, Long> asked) {
        Long offset = asked.get(b.partition());
        return offset != null && consumer.position(b.topicPartition()) >= offset;
    }

    /**
     * After a whole poll is in the batches, so the consumer's position is past only records already taken: with no
     * open batch a partition is in the lake up to its position (transaction markers included), else up to the
     * batch's first offset.
     */
    private void publishOffsetsInLake() {
        for (PartitionBatch b : batches.values()) {
            long offset = b.recovering() ? b.recoverFrom()
                    : b.isEmpty() ? consumer.position(b.topicPartition()) : b.firstOffset();
            inLake.put(b.partition(), offset);
        }
    }

    /**
     * Stores the open batches as the writer stops, one attempt each (the store may be stopping too): a batch not
     * stored is written again by the next run from the lake's state. An interrupted batch being recovered is left
     * to that run as well, as it must end exactly at its intent's last offset.
     */
    private void storeOpenBatchesOnStop() {
        for (PartitionBatch b : List.copyOf(batches.values())) {
            if (b.isEmpty() || b.recovering()) {
                continue;
            }
            try {
                store(b);
            } catch (Exception e) {
                log.warn("Lake: the open batch of {} (offsets from {}) was not stored on stop ({}); the next run writes it",
                        b.topicPartition(), b.firstOffset(), e.getMessage());
            }
        }
    }

    /**
     * Stores the batch, retrying with back-off while the lake's store fails (S3 down, a full disk): every step is
     * idempotent, so a retry from the start stores the same names and the same state.
     */
    private void flush(PartitionBatch b) throws SQLException, IOException {
        long backoffMs = 100;
        while (true) {
            try {
                store(b);
                return;
            } catch (IOException | SdkException e) {
                if (!running) {
                    throw e;
                }
                log.warn("Lake store {} unavailable ({}); retrying offsets of {} in {} ms", store.describe(),
                        e.getMessage(), b.topicPartition(), backoffMs);
                try {
                    Thread.sleep(backoffMs);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** Stores the batch: intent, one file per sale date (written by a few partitioned COPYs), then the committed state. */
    private void store(PartitionBatch b) throws SQLException, IOException {
        int p = b.partition();
        long first = b.recovering() ? b.recoverFrom() : b.firstOffset();
        long last = b.recovering() ? b.recoverUntil() : b.lastOffset();
        states.write(p, LakeState.writing(first, last, owner));
        Path out = workDir.resolve("batch-p" + p);
        int fileCount;
        long writeNanos;
        long storeNanos;
        try {
            long start = System.nanoTime();
            Map<String, Path> files = new LinkedHashMap<>();
            staging.writeParquet(p, out).forEach((date, file) -> files.put(LakeLayout.dataKey(date, p, first, last), file));
            long written = System.nanoTime();
            store.putAll(files);
            fileCount = files.size();
            writeNanos = written - start;
            storeNanos = System.nanoTime() - written;
        } finally {
            ParquetStaging.deleteTree(out);
        }
        hook.filesStored(p, first, last);
        Optional<LakeState> now = states.read(p);
        if (now.isEmpty() || !now.get().hasIntent() || !owner.equals(now.get().intent().owner())) {
            log.warn("Lake: {} was taken over by another writer while this one stored offsets [{}, {}]; its state is "
                    + "left to that writer", b.topicPartition(), first, last);
            staging.discard(p);
            batches.remove(p);
            inLake.remove(p);
            return;
        }
        states.write(p, LakeState.committed(last + 1));
        staging.discard(p);
        long lines = b.lines();
        b.reset();
        writtenLines.addAndGet(lines);
        writtenFiles.addAndGet(fileCount);
        // informational only (lag dashboards): the lake's own state is what a writer resumes from
        consumer.commitAsync(Map.of(b.topicPartition(), new OffsetAndMetadata(last + 1)), null);
        log.debug("Lake: partition {} offsets [{}, {}] stored, {} lines in {} files ({} ms writing Parquet, {} ms storing)",
                p, first, last, lines, fileCount, writeNanos / 1_000_000, storeNanos / 1_000_000);
    }

    /** What a previous run left in the work directory: DuckDB's spill files, the Parquet files of a batch not stored. */
    private void deleteLeftovers() throws IOException {
        if (Files.isDirectory(workDir)) {
            try (var entries = Files.list(workDir)) {
                for (Path e : entries.toList()) {
                    ParquetStaging.deleteTree(e);
                }
            }
        }
    }

    private void closeStaging() {
        if (staging != null) {
            try {
                staging.close();
            } catch (SQLException e) {
                log.warn("Lake writer: closing its DuckDB failed: {}", e.getMessage());
            }
        }
    }

    public long writtenLines() {
        return writtenLines.get();
    }

    public long writtenFiles() {
        return writtenFiles.get();
    }

    /** Where the lake is, for messages. */
    public String where() {
        return store.describe();
    }

    /** Records taken into batches so far, written or not (benchmarks and tests: the writer has started reading). */
    public long recordsTaken() {
        return recordsTaken.get();
    }

    /**
     * Waits until every partition in {@code ends} is in the lake up to its end offset there, at most {@code timeout}:
     * the writer stores a partition's open batch as soon as it has read the partition up to that offset, rather than at
     * {@code roll-lines} or {@code roll-interval} (so a writer still catching up does not write small files on the
     * way). Partitions this writer does not hold (another writer in its group has them) are not waited for and are
     * named in the answer. One caller at a time.
     *
     * @param ends the offsets to reach per partition, e.g. a read-committed consumer's end offsets of the topic
     */
    public InLake awaitInLake(Map<Integer, Long> ends, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        flushAt = Map.copyOf(ends);
        try {
            return awaitOffsetsInLake(ends, deadline);
        } finally {
            flushAt = Map.of();
        }
    }

    private InLake awaitOffsetsInLake(Map<Integer, Long> ends, long deadline) throws InterruptedException {
        while (true) {
            Map<Integer, Long> now = Map.copyOf(inLake);
            List<Integer> heldElsewhere = new ArrayList<>();
            Map<Integer, Long> behind = new HashMap<>();
            for (Map.Entry<Integer, Long> e : ends.entrySet()) {
                Long at = now.get(e.getKey());
                if (at == null) {
                    heldElsewhere.add(e.getKey());
                } else if (at < e.getValue()) {
                    behind.put(e.getKey(), e.getValue() - at);
                }
            }
            boolean assigned = !now.isEmpty() || ends.isEmpty();
            if (failure != null || (assigned && behind.isEmpty()) || System.nanoTime() > deadline) {
                heldElsewhere.sort(null);
                return new InLake(failure == null && assigned && behind.isEmpty(), heldElsewhere, behind, failure);
            }
            Thread.sleep(100);
        }
    }

    /**
     * How far the lake got: {@code caughtUp} when every partition this writer holds is in the lake up to the asked
     * offset; {@code heldElsewhere} the partitions of other writers (not waited for); {@code behind} the records
     * still missing per partition when it gave up; {@code failure} the writer's, if it stopped on one.
     */
    public record InLake(boolean caughtUp, List<Integer> heldElsewhere, Map<Integer, Long> behind, Throwable failure) {
    }

    /** Non-null once the writer has stopped on a failure. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }

    private final class ResumeFromLake implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                PartitionBatch b = new PartitionBatch(tp);
                Optional<LakeState> state = readState(tp.partition());
                if (state.isEmpty()) {
                    consumer.seekToBeginning(List.of(tp));
                } else if (state.get().hasIntent()) {
                    LakeState.Intent intent = state.get().intent();
                    long logStart = consumer.beginningOffsets(List.of(tp)).get(tp);
                    if (logStart > intent.firstOffset()) {
                        log.error("Lake: {} offsets [{}, {}] were being written, but the topic now starts at {}: the "
                                + "records before it are gone, so the files of that batch are rewritten without them",
                                tp, intent.firstOffset(), intent.lastOffset(), logStart);
                    }
                    b.recover(intent.firstOffset(), intent.lastOffset());
                    consumer.seek(tp, intent.firstOffset());
                    log.info("Lake: {} resumes an interrupted batch, offsets [{}, {}]", tp, intent.firstOffset(), intent.lastOffset());
                } else {
                    consumer.seek(tp, state.get().nextOffset());
                }
                batches.put(tp.partition(), b);
            }
            log.info("Lake writer assigned {}", partitions);
        }

        private Optional<LakeState> readState(int partition) {
            try {
                return states.read(partition);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions);
        }

        /** An open batch is dropped, not written: its new owner reads it again from the lake's state. */
        private void forget(Collection<TopicPartition> partitions) {
            for (TopicPartition tp : partitions) {
                batches.remove(tp.partition());
                inLake.remove(tp.partition());
                try {
                    staging.discard(tp.partition());
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot drop the lake batch of " + tp + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
