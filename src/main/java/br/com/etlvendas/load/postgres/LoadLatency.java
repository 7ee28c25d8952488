package br.com.etlvendas.load.postgres;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * How long lines take from their publication on {@code sales.raw} (the record's timestamp, which Kafka
 * Streams carries over to {@code sales.clean}) to their commit in the warehouse, one entry per line, in
 * milliseconds. Recording is lock-free; readers take the lines recorded since their previous read.
 */
public final class LoadLatency {

    private static final long MAX_MILLIS = TimeUnit.HOURS.toMillis(24);

    private final Recorder recorder = new Recorder(MAX_MILLIS, 3);

    /** Records {@code lines} lines published at {@code publishedAtMillis} and committed at {@code committedAtMillis}. */
    void record(long publishedAtMillis, long committedAtMillis, int lines) {
        if (lines <= 0) {
            return;
        }
        long millis = Math.min(MAX_MILLIS, Math.max(0, committedAtMillis - publishedAtMillis));
        recorder.recordValueWithCount(millis, lines);
    }

    /** The latencies recorded since the previous call (the first call: since start). */
    public Histogram sinceLastRead() {
        return recorder.getIntervalHistogram();
    }
}
