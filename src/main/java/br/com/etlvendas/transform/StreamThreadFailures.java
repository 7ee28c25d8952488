package br.com.etlvendas.transform;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The stream thread failures of one Kafka Streams client, as its uncaught exception handler saw them: how many in
 * the last window (a thread replaced now and then is recovery; several in a few minutes is a loop) and the last one.
 */
final class StreamThreadFailures {

    private final Clock clock;
    private final long windowMs;
    private final int keep;
    private final Deque<Long> times = new ArrayDeque<>();
    private long total;
    private String last;

    StreamThreadFailures(Clock clock, Duration window, int keep) {
        this.clock = clock;
        this.windowMs = window.toMillis();
        this.keep = keep;
    }

    /** Failures within the window (at most the number that counts as a loop), and the last failure's exception. */
    record Recent(int count, String last) {
    }

    synchronized void failed(Throwable e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        last = cause.getClass().getName() + ": " + cause.getMessage();
        total++;
        times.addLast(clock.millis());
        while (times.size() > keep) {
            times.removeFirst();
        }
    }

    synchronized Recent recent() {
        long since = clock.millis() - windowMs;
        while (!times.isEmpty() && times.peekFirst() < since) {
            times.removeFirst();
        }
        return new Recent(times.size(), last);
    }

    synchronized long total() {
        return total;
    }
}
