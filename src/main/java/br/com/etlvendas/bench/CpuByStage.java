package br.com.etlvendas.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where the CPU goes, by pipeline stage: this JVM's threads sorted into stages by name, its native threads
 * (JIT compilers, collectors, RocksDB's background work, from {@code /proc/self/task}), the rest of the
 * process's CPU (other VM threads) and the embedded PostgreSQL's processes (from {@code /proc}). A sampler thread reads every thread's CPU time every 100 ms,
 * so a thread that ends between two marks (a file reader) still counts with what it had used.
 */
final class CpuByStage implements AutoCloseable {

    enum Stage {
        SOURCE("source"), STREAMS("streams"), LOADER("loader"), BROKER("kafka broker + other threads"),
        ROCKSDB("rocksdb background"), JIT("JIT compilers"), GC("GC"), JVM("other JVM"), POSTGRESQL("postgresql");

        final String label;

        Stage(String label) {
            this.label = label;
        }
    }

    /** CPU seconds per stage between two marks, plus GC and JIT time the JVM reports for the same span. */
    record Usage(Map<Stage, Double> seconds, double gcSeconds, double jitSeconds) {
        double total() {
            return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private record Mark(Map<Long, Long> threadNanos, long processNanos, Map<Stage, Long> nativeTicks, long postgresTicks,
                        long gcMillis, long jitMillis) {
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Function<String, Stage> stageOfThread;
    private final Path postmasterPidFile;
    private final Map<Long, Long> lastCpu = new HashMap<>();
    private final Map<Long, String> names = new HashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /**
     * @param stageOfThread the stage a thread of this JVM works for, by its name
     * @param postgresDataDir the embedded PostgreSQL's data directory (its {@code postmaster.pid} names the server)
     */
    CpuByStage(Function<String, Stage> stageOfThread, Path postgresDataDir) {
        this.stageOfThread = stageOfThread;
        this.postmasterPidFile = postgresDataDir.resolve("postmaster.pid");
        threads.setThreadCpuTimeEnabled(true);
        sample();
        this.sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private synchronized void sample() {
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                lastCpu.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
    }

    /** The CPU used so far, to subtract from a later mark. */
    synchronized Object mark() {
        sample();
        return new Mark(new HashMap<>(lastCpu), processCpuNanos(), nativeThreadTicks(), postgresTicks(), gcMillis(), jitMillis());
    }

    /** CPU per stage from {@code since} (a {@link #mark()}) to now. */
    synchronized Usage since(Object since) {
        Mark from = (Mark) since;
        sample();
        Map<Stage, Double> seconds = new EnumMap<>(Stage.class);
        for (Stage s : Stage.values()) {
            seconds.put(s, 0.0);
        }
        long javaThreads = 0;
        for (Map.Entry<Long, Long> e : lastCpu.entrySet()) {
            long used = e.getValue() - from.threadNanos().getOrDefault(e.getKey(), 0L);
            String name = names.get(e.getKey());
            if (used <= 0 || name != null && (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler"))) {
                continue;
            }
            javaThreads += used;
            seconds.merge(stageOfThread.apply(name), used / 1e9, Double::sum);
        }
        long process = processCpuNanos() - from.processNanos();
        double nativeSeconds = 0;
        for (Map.Entry<Stage, Long> e : nativeThreadTicks().entrySet()) {
            // a pool thread that ended takes its ticks with it (compiler threads come and go): never below zero
            double used = Math.max(0, e.getValue() - from.nativeTicks().getOrDefault(e.getKey(), 0L)) / 100.0;
            seconds.put(e.getKey(), used);
            nativeSeconds += used;
        }
        seconds.put(Stage.JVM, Math.max(0, process / 1e9 - javaThreads / 1e9 - nativeSeconds));
        long ticks = postgresTicks();
        seconds.put(Stage.POSTGRESQL, ticks < 0 || from.postgresTicks() < 0 ? Double.NaN : (ticks - from.postgresTicks()) / 100.0);
        return new Usage(seconds, (gcMillis() - from.gcMillis()) / 1e3, (jitMillis() - from.jitMillis()) / 1e3);
    }

    /** Peak resident set size of this process so far, in bytes (Linux {@code VmHWM}); -1 when unknown. */
    static long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * CPU ticks (1/100 s) of this process's threads that are not Java threads, by kind, from their names in
     * {@code /proc/self/task}: the JIT compilers, the garbage collector's threads and RocksDB's flush and
     * compaction threads (threads that ended are left out, which these long-lived pools seldom do).
     */
    private static Map<Stage, Long> nativeThreadTicks() {
        Map<Stage, Long> ticks = new EnumMap<>(Stage.class);
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String name;
                try {
                    name = Files.readString(t.resolve("comm")).trim();
                } catch (IOException e) {
                    continue;
                }
                Stage stage = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? Stage.JIT
                        : name.startsWith("GC Thread") || name.startsWith("G1 ") ? Stage.GC
                        : name.startsWith("rocksdb:") ? Stage.ROCKSDB : null;
                String[] f = stage == null ? null : statFields(t);
                if (f != null) {
                    ticks.merge(stage, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                }
            }
        } catch (IOException | RuntimeException e) {
            return ticks;
        }
        return ticks;
    }

    /**
     * CPU ticks (1/100 s) of the PostgreSQL server: the postmaster with its reaped children, plus every live
     * child (the loader's and the benchmark's backends, the checkpointer, the WAL writer); -1 when unknown.
     */
    private long postgresTicks() {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(postmasterPidFile).get(0).trim());
            long total = 0;
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs.filter(p -> p.getFileName().toString().matches("\\d+"))::iterator) {
                    String[] f = statFields(p);
                    if (f == null) {
                        continue;
                    }
                    long pid = Long.parseLong(p.getFileName().toString());
                    long ppid = Long.parseLong(f[1]);
                    if (pid == postmaster) {
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
                    } else if (ppid == postmaster) {
                        total += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    }
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The fields of {@code /proc/<pid>/stat} after the command name: [0] is the state, [1] the parent pid. */
    private static String[] statFields(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null; // the process ended meanwhile
        }
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
    }

    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    /** The stages in report order with their seconds, for printing. */
    static Map<String, Double> labelled(Usage usage) {
        Map<String, Double> out = new LinkedHashMap<>();
        usage.seconds().forEach((s, v) -> out.put(s.label, v));
        return out;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
