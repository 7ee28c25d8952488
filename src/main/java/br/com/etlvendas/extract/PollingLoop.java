package br.com.etlvendas.extract;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The stop and back-off housekeeping every polling source (database, API) shares: one run at a time, pauses
 * that end early when a stop is requested, exponential back-off, and a close that lets the batch in progress
 * finish (committed or not at all) before the source's resources are released.
 */
final class PollingLoop {

    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String source;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();
    /** The next wait after a failure; touched only by the running thread. */
    private Duration backoff = FIRST_BACKOFF;

    PollingLoop(String source) {
        this.source = source;
    }

    /** Marks the run as started; a second run of the same source is a programming error. */
    void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("source " + source + " is already running");
        }
    }

    boolean running() {
        return stopRequested.getCount() > 0;
    }

    /** Waits, unless a stop is requested meanwhile; true when it was. */
    boolean pause(Duration d) throws InterruptedException {
        return stopRequested.await(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A poll went through: the next failure waits the first back-off step again. */
    void succeeded() {
        backoff = FIRST_BACKOFF;
    }

    /**
     * After a failure someone else must fix (a server down): says what failed, waits the current back-off
     * (ending early on a stop), and doubles it for the next failure, up to {@link #MAX_BACKOFF}.
     */
    void backOff(Logger log, String what) throws InterruptedException {
        log.warn("Source {}: {}; retrying in {} ms", source, what, backoff.toMillis());
        pause(backoff);
        backoff = twice(backoff);
    }

    /** How long the next {@link #backOff} waits. */
    Duration nextBackoff() {
        return backoff;
    }

    static Duration twice(Duration d) {
        Duration next = d.multipliedBy(2);
        return next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
    }

    /** Closes a source's publisher (aborting its open transaction) after a failure; a failing close is only noted. */
    void closeQuietly(SourcePublisher publisher, Logger log) {
        if (publisher == null) {
            return;
        }
        try {
            publisher.close();
        } catch (RuntimeException e) {
            log.debug("Source {}: closing the producer failed: {}", source, e.getMessage());
        }
    }

    /** Called by the running thread as its last act. */
    void finished() {
        finished.countDown();
    }

    /** Requests a stop and waits up to a minute for the run to end; the caller then releases its resources. */
    void stopAndWait(Logger log) {
        stopRequested.countDown();
        try {
            if (started.get() && !finished.await(60, TimeUnit.SECONDS)) {
                log.warn("Source {} did not stop within 60 s; closing its connections under it", source);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
