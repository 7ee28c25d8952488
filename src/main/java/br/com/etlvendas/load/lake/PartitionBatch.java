package br.com.etlvendas.load.lake;

import org.apache.kafka.common.TopicPartition;

/**
 * Book-keeping of one partition's open batch: its offsets, line count and age. While recovering, the batch
 * must end exactly at the interrupted intent's last offset, whatever its size or age.
 */
final class PartitionBatch {

    private static final long NONE = -1;

    private final TopicPartition topicPartition;
    private long firstOffset = NONE;
    private long lastOffset = NONE;
    private long lines;
    private long openedAtMillis;
    private long recoverFrom = NONE;
    private long recoverUntil = NONE;

    PartitionBatch(TopicPartition topicPartition) {
        this.topicPartition = topicPartition;
    }

    void add(long offset, int lineCount, long nowMillis) {
        if (firstOffset == NONE) {
            firstOffset = offset;
            openedAtMillis = nowMillis;
        }
        lastOffset = offset;
        lines += lineCount;
    }

    /** The batch is the interrupted one [first, last]: it ends at {@code last} and keeps those names. */
    void recover(long first, long last) {
        recoverFrom = first;
        recoverUntil = last;
    }

    void reset() {
        firstOffset = NONE;
        lastOffset = NONE;
        lines = 0;
        recoverFrom = NONE;
        recoverUntil = NONE;
    }

    boolean recovering() {
        return recoverUntil != NONE;
    }

    boolean isEmpty() {
        return firstOffset == NONE;
    }

    TopicPartition topicPartition() {
        return topicPartition;
    }

    int partition() {
        return topicPartition.partition();
    }

    long firstOffset() {
        return firstOffset;
    }

    long lastOffset() {
        return lastOffset;
    }

    long lines() {
        return lines;
    }

    long openedAtMillis() {
        return openedAtMillis;
    }

    long recoverFrom() {
        return recoverFrom;
    }

    long recoverUntil() {
        return recoverUntil;
    }
}
