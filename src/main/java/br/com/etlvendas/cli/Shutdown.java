package br.com.etlvendas.cli;

import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Closes what a command started, last started first, exactly once, whether it ends normally, fails or gets Ctrl-C. */
final class Shutdown implements Runnable {

    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
    private final AtomicBoolean done = new AtomicBoolean();

    <T extends AutoCloseable> T add(T resource) {
        started.add(resource);
        return resource;
    }

    @Override
    public void run() {
        if (done.compareAndSet(false, true)) {
            for (int i = started.size() - 1; i >= 0; i--) {
                AutoCloseable c = started.get(i);
                try {
                    c.close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(Shutdown.class).warn("Could not stop {}", c, e);
                }
            }
        }
    }
}
