package br.com.etlvendas.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a long-running command alive until Ctrl-C or SIGTERM, then closes what it started through its
 * {@link Shutdown}, telling the user what is being stopped and when it is done.
 */
final class StopSignal {

    private StopSignal() {
    }

    /** Blocks until the JVM is asked to stop and {@code stop} has run. */
    static void await(Shutdown stop, PrintWriter out, String stopping) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println();
            out.println("Stopping: " + stopping + " ...");
            out.flush();
            stop.run();
            out.println("Stopped cleanly.");
            out.flush();
            stopped.countDown();
        }, "shutdown"));
        out.println("Running. Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
    }
}
