package br.com.etlvendas.load.postgres;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;

/**
 * How long lines take from their publication on {@code sales.raw} (the record's timestamp, which Kafka
 * Streams carries over to {@code sales.clean}) to their commit in the warehouse, one entry per line, in
 * milliseconds. Recording is lock-free; two kinds of reader take what was recorded without stealing from each
 * other: {@link #sinceLastRead()} (the benchmark: the lines since its previous read) and {@link #total()}
 * (the metrics: every line since start, as a Prometheus histogram must be cumulative).
 */
public final class LoadLatency {

    private static final long MAX_MILLIS = TimeUnit.HOURS.toMillis(24);
    private static final int DIGITS = 3;

    private final Recorder recorder = new Recorder(MAX_MILLIS, DIGITS);
    private final Histogram sinceRead = new Histogram(MAX_MILLIS, DIGITS);
    private final Histogram total = new Histogram(MAX_MILLIS, DIGITS);
    private Histogram recycled;

    /** Records {@code lines} lines published at {@code publishedAtMillis} and committed at {@code committedAtMillis}. */
    void record(long publishedAtMillis, long committedAtMillis, int lines) {
        if (lines <= 0) {
            return;
        }
        long millis = Math.min(MAX_MILLIS, Math.max(0, committedAtMillis - publishedAtMillis));
        recorder.recordValueWithCount(millis, lines);
    }

    /** The latencies recorded since the previous call (the first call: since start). */
    public synchronized Histogram sinceLastRead() {
        drain();
        Histogram copy = sinceRead.copy();
        sinceRead.reset();
        return copy;
    }

    /** Every latency recorded since start: a copy, the caller may keep it. */
    public synchronized Histogram total() {
        drain();
        return total.copy();
    }

    private void drain() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        sinceRead.add(interval);
        total.add(interval);
        recycled = interval;
    }
}
