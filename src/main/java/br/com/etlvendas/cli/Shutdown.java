package br.com.etlvendas.cli;

import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Closes what a command started, last started first, exactly once, whether it ends normally, fails or gets
 * Ctrl-C/SIGTERM — including in the middle of start-up: a resource being started when the signal comes is
 * waited for and then closed with the rest, and nothing starts after the stop began, so no embedded server
 * outlives the process.
 */
final class Shutdown implements Runnable {

    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
    private final Object startOrStop = new Object();
    private volatile boolean stopping;
    /** Set by the signal hook before it waits for a start in progress; read without the lock. */
    private volatile boolean signalled;
    private Thread hook;

    /** Thrown by {@link #start} once the stop has begun: the command unwinds without starting anything more. */
    static final class Stopping extends RuntimeException {
        Stopping() {
            super("stopping", null, false, false);
        }
    }

    /** Registers something already started. */
    <T extends AutoCloseable> T add(T resource) {
        synchronized (startOrStop) {
            started.add(resource);
        }
        if (isStopping()) {
            run();
        }
        return resource;
    }

    /**
     * Starts a resource and registers it, as one step a stop waits for; refuses to start anything once the
     * stop has begun.
     */
    <T extends AutoCloseable> T start(Supplier<T> starter) {
        synchronized (startOrStop) {
            if (stopping) {
                throw new Stopping();
            }
            T resource;
            try {
                resource = starter.get();
            } catch (RuntimeException | Error e) {
                if (signalled) {
                    // the JVM's shutdown broke this start (e.g. a library registering a shutdown hook): just stop
                    throw new Stopping();
                }
                throw e;
            }
            started.add(resource);
            return resource;
        }
    }

    boolean isStopping() {
        synchronized (startOrStop) {
            return stopping;
        }
    }

    /**
     * Stops everything on Ctrl-C or SIGTERM, telling the user on {@code out}. Install it before starting
     * anything; once the command ends by itself the hook is removed. (Prepares the embedded broker's classes
     * first, while nothing can be stopping yet: see {@link EmbeddedKafkaBroker#prepare()}.)
     */
    Shutdown onSignal(PrintWriter out, String what) {
        EmbeddedKafkaBroker.prepare();
        hook = new Thread(() -> {
            signalled = true;
            boolean first = !stopping; // said before waiting for a start in progress, so the user sees it at once
            if (first) {
                out.println();
                out.println("Stopping: " + what + " ...");
                out.flush();
            }
            run();
            if (first) {
                out.println("Stopped cleanly.");
                out.flush();
            }
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /**
     * Says the command is running, then blocks until Ctrl-C or SIGTERM: the hook installed by
     * {@link #onSignal} stops everything and the JVM exits.
     */
    void runUntilSignalled(PrintWriter out) throws InterruptedException {
        out.println("Running. Press Ctrl-C to stop.");
        out.flush();
        new CountDownLatch(1).await();
    }

    @Override
    public void run() {
        synchronized (startOrStop) {
            stopping = true;
            for (int i = started.size() - 1; i >= 0; i--) {
                AutoCloseable c = started.remove(i);
                try {
                    c.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(Shutdown.class).warn("Could not stop {}", c, e);
                }
            }
        }
        Thread h = hook;
        if (h != null && Thread.currentThread() != h) {
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to: it finds nothing left to stop
            }
        }
    }
}
