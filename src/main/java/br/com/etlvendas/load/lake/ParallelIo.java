package br.com.etlvendas.load.lake;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one blocking I/O action per item of a batch, a few at a time, for the lake's stores: the files of a batch wait
 * on the disk (forcing them) or the network (uploading them), not on the CPU, so waiting for many at once costs about
 * as much as waiting for one (a file system commits concurrent forces together). Used once per batch, never per record.
 */
final class ParallelIo {

    /** One blocking action on one item. */
    @FunctionalInterface
    interface Action<T> {
        void run(T item) throws IOException;
    }

    private ParallelIo() {
    }

    /**
     * Runs {@code action} on every item, at most {@code parallelism} at once, and returns when all have ended; when
     * any failed, throws the first failure (an {@link IOException} or a runtime exception, as thrown) after that.
     */
    static <T> void forEach(Collection<T> items, int parallelism, String threadName, Action<T> action) throws IOException {
        if (items.size() <= 1) {
            for (T item : items) {
                action.run(item);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, items.size()), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>(items.size());
            for (T item : items) {
                running.add(pool.submit(() -> {
                    try {
                        action.run(item);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
            }
            Throwable first = null;
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                }
            }
            if (first instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error err) {
                throw err;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + threadName + " ran");
        } finally {
            pool.shutdownNow();
        }
    }
}
