package br.com.etlvendas.bench;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Watches a growing count until it reaches a target, noting when it passed 10 % and 90 % of it, so that a
 * rate leaves out start-up and the tail. Gives up when the count stops moving for {@code stallTimeout}.
 */
final class Progress {

    /** Items per second between 10 % and 90 % of the target, and the seconds to reach all of it. */
    record Throughput(long items, double perSecond, double secondsToAll, boolean complete) {
    }

    private final long target;
    private final long started = System.nanoTime();
    private long at10 = -1;
    private long at90 = -1;
    private long atAll = -1;

    private Progress(long target) {
        this.target = target;
    }

    static Progress watch(LongSupplier count, long target, Duration stallTimeout) throws InterruptedException {
        Progress p = new Progress(target);
        long last = -1;
        long lastMoved = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            long n = count.getAsLong();
            if (n != last) {
                last = n;
                lastMoved = now;
            }
            if (p.at10 < 0 && n * 10 >= target) {
                p.at10 = now;
            }
            if (p.at90 < 0 && n * 10 >= target * 9) {
                p.at90 = now;
            }
            if (n >= target) {
                p.atAll = now;
                return p;
            }
            if (now - lastMoved > stallTimeout.toNanos()) {
                return p;
            }
            Thread.sleep(5);
        }
    }

    Throughput throughput() {
        boolean complete = atAll >= 0;
        double steady = at10 >= 0 && at90 > at10 ? (target * 0.8) / ((at90 - at10) / 1e9) : Double.NaN;
        return new Throughput(target, steady, complete ? (atAll - started) / 1e9 : Double.NaN, complete);
    }
}
