package br.com.etlvendas.transform;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What this process saw of records that made a processing step throw: how many, and the last one's stage and
 * exception, for {@code /health}. Each of them went to {@code sales.dlq} and processing went on. Counted when
 * handled, so a record whose transaction was aborted and processed again (exactly-once) counts again: a signal
 * for operators, not a ledger (the DLQ is that). Thread-safe: every stream thread reports here.
 */
public final class PoisonRecords {

    private final Clock clock;
    private final AtomicLong count = new AtomicLong();
    private volatile Last last;

    public PoisonRecords(Clock clock) {
        this.clock = clock;
    }

    /** The last poison record: the stage (and step) where it failed, its exception, when. */
    public record Last(String stage, String exception, Instant at) {
    }

    void record(String stage, Throwable failure) {
        count.incrementAndGet();
        last = new Last(stage, failure.getClass().getName() + ": " + failure.getMessage(), clock.instant());
    }

    public long count() {
        return count.get();
    }

    /** The last one, or null when there has been none. */
    public Last last() {
        return last;
    }
}
