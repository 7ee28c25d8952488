package br.com.etlvendas.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The components a process runs and whether each is ready to do its work now (Kafka reachable, Kafka Streams
 * RUNNING, the loader in its group and not failing, the warehouse answering, each source running, the dashboard's
 * readers), for {@code /ready} and {@code /metrics}. Components are added as the process starts them (the sources
 * start after the dashboard); each check runs when asked, bounded by its own time-out, and a check that throws
 * counts as not ready with its message.
 */
public final class Readiness {

    /** One component's state: {@code detail} says what it is doing or why it is not ready. */
    public record Status(boolean ready, String detail) {
        public static Status ready(String detail) {
            return new Status(true, detail);
        }

        public static Status notReady(String detail) {
            return new Status(false, detail);
        }
    }

    @FunctionalInterface
    public interface Check {
        Status check() throws Exception;
    }

    private final Map<String, Check> checks = new LinkedHashMap<>();

    /** Adds (or replaces) the check of a component. */
    public synchronized Readiness add(String component, Check check) {
        checks.put(component, check);
        return this;
    }

    /** Every component's state now, in the order they were added. */
    public Map<String, Status> evaluate() {
        Map<String, Check> now;
        synchronized (this) {
            now = new LinkedHashMap<>(checks);
        }
        Map<String, Status> states = new LinkedHashMap<>();
        now.forEach((component, check) -> states.put(component, run(check)));
        return states;
    }

    private static Status run(Check check) {
        try {
            Status s = check.check();
            return s == null ? Status.notReady("no state") : s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.notReady("interrupted while checking");
        } catch (Exception e) {
            return Status.notReady(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
