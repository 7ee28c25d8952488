package br.com.etlvendas.bench;

import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.file.RowPipeline;
import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.load.postgres.WarehouseLoader;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.serve.KpiTotalsView;
import org.HdrHistogram.Histogram;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * {@code bench e2e}: Superstore-shaped lines through the real pipeline — file source → {@code sales.raw} →
 * the full topology with exactly-once → {@code sales.clean} → warehouse loader → PostgreSQL (fsync on) —
 * next to ceilings measured in the same run on the same servers: a plain COPY of the same lines into an
 * identical table, and a pass-through exactly-once topology. Also CPU per line by stage, load latency at half
 * the capacity just measured, and peak RSS. A run whose books do not balance is a failed run.
 */
public final class EndToEndBenchmark {

    /** What the benchmark runs against, started by the command line on fresh embedded servers. */
    public record Target(String bootstrapServers, DataSource warehouse, Topics topics, WarehouseLoader loader,
                         KpiTotalsView kpis, Path postgresDataDir, Path workDir, String streamsApplicationId,
                         Duration commitInterval, ColumnMapping mapping, int rowsPerTransaction) {
    }

    /** Sizes of the run. */
    public record Options(long lines, long warmupLines, Duration latencyFor, Path sample) {
    }

    /** The figures that decide the run, for the exit code. */
    public record Result(boolean reconciled, double ratio, double p99Millis, long peakRssBytes) {
    }

    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);
    private static final long LATENCY_TICK_MS = 20;

    private final Target target;
    private final Options options;
    private final SuperstoreLines lines;

    public EndToEndBenchmark(Target target, Options options) throws IOException {
        this.target = target;
        this.options = options;
        this.lines = new SuperstoreLines(options.sample());
    }

    public Result run(PrintWriter out) throws Exception {
        out.printf("bench e2e: %,d lines in the Superstore layout (after %,d warm-up lines), exactly-once, PostgreSQL fsync on%n",
                options.lines(), options.warmupLines());
        out.flush();
        try (CpuByStage cpu = new CpuByStage(this::stageOf, target.postgresDataDir())) {
            if (options.warmupLines() > 0) {
                Path warm = target.workDir().resolve("warmup.csv");
                SuperstoreLines.Expected expected = lines.write(warm, options.warmupLines(), "w", 1);
                Run r = ingest(warm, "bench-warmup", expected);
                out.printf("  warm-up: %,.0f lines/s end to end, %s%n", r.throughput().perSecond(), r.reconciliation());
                out.flush();
            }
            Path measured = target.workDir().resolve("measured.csv");
            SuperstoreLines.Expected expected = lines.write(measured, options.lines(), "m", 1 + options.warmupLines());
            Object before = cpu.mark();
            Run run = ingest(measured, "bench-measured", expected);
            CpuByStage.Usage usage = cpu.since(before);
            out.printf("end-to-end: %,.0f lines/s steady (10%% to 90%% of the lines committed in the warehouse); all %,d in %.1f s%n",
                    run.throughput().perSecond(), options.lines(), run.throughput().secondsToAll());
            out.printf("  %s%n", run.reconciliation());
            out.printf("  CPU per line (us): %s; total %.1f us = %.2f cores busy; GC %.2f s, JIT %.2f s%n",
                    perLine(usage, options.lines()), usage.total() * 1e6 / options.lines(),
                    usage.total() / run.throughput().secondsToAll(), usage.gcSeconds(), usage.jitSeconds());
            out.flush();

            // latency next, on the pipeline's own state: after the ceilings' two bulk COPYs PostgreSQL would still be
            // checkpointing and vacuuming gigabytes that are not the pipeline's
            long rawRecords = options.warmupLines() + options.lines();
            double pace = run.throughput().perSecond() / 2;
            Histogram latency = paced(pace, rawRecords + 1);
            out.printf("latency at %,.0f lines/s (50%% of the capacity above) for %d s, publication to warehouse commit, %,d lines: "
                            + "p50 %d ms, p90 %d ms, p99 %d ms, max %d ms %s%n", pace, options.latencyFor().toSeconds(),
                    latency.getTotalCount(), latency.getValueAtPercentile(50), latency.getValueAtPercentile(90),
                    latency.getValueAtPercentile(99), latency.getMaxValue(),
                    latency.getValueAtPercentile(99) <= 500 ? "(p99 target <= 500 ms: OK)" : "(p99 target <= 500 ms: ABOVE)");
            out.flush();

            double[] copies = new CopyCeiling(target.warehouse(), target.workDir()).rowsPerSecond("bench-measured", run.loaded());
            double copy = Math.max(copies[0], copies[1]);
            out.printf("ceiling: plain COPY of the same %,d lines into a clone of sale_line (same columns, constraints, indexes): "
                    + "%,.0f rows/s (the better of two runs: %,.0f and %,.0f)%n", run.loaded(), copy, copies[0], copies[1]);
            out.flush();
            Progress.Throughput passThrough = new PassThroughCeiling(target.bootstrapServers(), target.topics().raw().name(),
                    target.topics().config().get(br.com.etlvendas.config.TopicId.RAW).partitions(), target.commitInterval(),
                    target.workDir().resolve("passthrough-state")).run(rawRecords, STALL_TIMEOUT);
            out.printf("ceiling: pass-through exactly-once topology (sales.raw -> another topic, no processing): %,.0f records/s%n",
                    passThrough.perSecond());
            double ratio = run.throughput().perSecond() / copy;
            out.printf("ratio %.2f (end-to-end / COPY; target >= 0.5) %s%n", ratio, ratio >= 0.5 ? "OK" : "BELOW TARGET");
            out.printf("  end-to-end / pass-through topology: %.2f%n", run.throughput().perSecond() / passThrough.perSecond());
            long rss = CpuByStage.peakRssBytes();
            out.printf("peak RSS of the process (Kafka broker, Streams, loader, source; PostgreSQL runs apart): %,d MB %s%n",
                    rss / (1024 * 1024), rss <= 1536L * 1024 * 1024 ? "(target <= 1.5 GB: OK)" : "(target <= 1.5 GB: ABOVE)");
            out.flush();
            return new Result(run.balanced(), ratio, latency.getValueAtPercentile(99), rss);
        }
    }

    /** One ingestion watched to completion: its throughput and where every line ended. */
    private record Run(Progress.Throughput throughput, long loaded, long rejected, long duplicates, BigDecimal revenue,
                       SuperstoreLines.Expected expected) {
        /** Every line of the file loaded: the file holds no invalid line and no repeat. */
        boolean linesBalance() {
            return loaded == expected.lines() && rejected == 0 && duplicates == 0;
        }

        boolean revenueMatches() {
            return revenue.compareTo(expected.revenue()) == 0;
        }

        boolean balanced() {
            return linesBalance() && revenueMatches();
        }

        String reconciliation() {
            return String.format("reconciliation: lines=%d loaded=%d rejected=%d duplicates=%d (%s) warehouse_revenue=%s expected=%s (%s)",
                    expected.lines(), loaded, rejected, duplicates, linesBalance() ? "OK" : "MISMATCH",
                    revenue.toPlainString(), expected.revenue().toPlainString(), revenueMatches() ? "OK" : "MISMATCH");
        }
    }

    /** Publishes the file through the real file source and waits until the warehouse holds every line. */
    private Run ingest(Path file, String source, SuperstoreLines.Expected expected) throws Exception {
        long loadedBefore = target.loader().loadedLines();
        Thread publisher = new Thread(() -> publish(file, source), "bench-source");
        publisher.start();
        Progress progress = Progress.watch(() -> target.loader().loadedLines() - loadedBefore, expected.lines(), STALL_TIMEOUT);
        publisher.join();
        KpiTotalsView.KpiSummary kpi = awaitKpis(source, expected.lines());
        try (Connection c = target.warehouse().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(net_amount), 0) FROM sale_line WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Run(progress.throughput(), rs.getLong(1), kpi.rejectedLines(), kpi.duplicateLines(),
                        rs.getBigDecimal(2), expected);
            }
        }
    }

    /** The KPI totals of a source once they account for every line (or after a short wait, as they are). */
    private KpiTotalsView.KpiSummary awaitKpis(String source, long lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        KpiTotalsView.KpiSummary kpi = target.kpis().total(t -> t.source().equals(source));
        while (kpi.lines() + kpi.rejectedLines() + kpi.duplicateLines() < lines && System.nanoTime() < deadline) {
            Thread.sleep(50);
            kpi = target.kpis().total(t -> t.source().equals(source));
        }
        return kpi;
    }

    private void publish(Path file, String source) {
        SourceFilePublisher.publish(file, source, target.topics(), target.bootstrapServers(), target.mapping(),
                target.rowsPerTransaction());
    }

    /**
     * Publishes lines at {@code linesPerSecond} for the configured time, in a small transaction every 20 ms
     * (a line is published when its transaction commits), waits for all of them to be loaded, and returns
     * their publication-to-commit latencies as the loader recorded them.
     */
    private Histogram paced(double linesPerSecond, long firstRowId) throws Exception {
        long total = Math.max(1, (long) (linesPerSecond * options.latencyFor().toSeconds()));
        Path file = target.workDir().resolve("paced.csv");
        lines.write(file, total, "p", firstRowId);
        String source = "bench-paced";
        long loadedBefore = target.loader().loadedLines();
        target.loader().latency().sinceLastRead();
        try (SourcePublisher publisher = new SourcePublisher(target.topics().raw(), target.bootstrapServers(),
                "etl-vendas-bench-source-" + source);
             InputStream in = Files.newInputStream(file);
             RowPipeline rows = new RowPipeline(file.toUri().toString(), in, target.mapping().format(),
                     new RowMapper(target.mapping()), sale -> sale.withSource(source), publisher::prepare, 0)) {
            long started = System.nanoTime();
            long sent = 0;
            for (long tick = 1; sent < total; tick++) {
                long due = Math.min(total, (long) (linesPerSecond * tick * LATENCY_TICK_MS / 1000.0));
                publisher.begin();
                while (sent < due) {
                    SourcePublisher.Prepared row = rows.next();
                    if (row == null) {
                        throw new IllegalStateException("the paced file ended after " + sent + " of " + total + " lines");
                    }
                    publisher.send(row);
                    sent++;
                }
                publisher.commit();
                long sleepNanos = started + tick * LATENCY_TICK_MS * 1_000_000L - System.nanoTime();
                if (sleepNanos > 0) {
                    Thread.sleep(sleepNanos / 1_000_000L, (int) (sleepNanos % 1_000_000L));
                }
            }
        } catch (FileReadException e) {
            throw new IllegalStateException("cannot read the paced file: " + e.getMessage(), e);
        }
        Progress.watch(() -> target.loader().loadedLines() - loadedBefore, total, STALL_TIMEOUT);
        return target.loader().latency().sinceLastRead();
    }

    /** Which stage a thread of this JVM works for, from the names Kafka clients and our stages give threads. */
    private CpuByStage.Stage stageOf(String thread) {
        if (thread == null) {
            return CpuByStage.Stage.BROKER;
        }
        if (thread.startsWith("bench-source") || thread.startsWith("file-reader") || thread.contains("etl-vendas-bench-source-")) {
            return CpuByStage.Stage.SOURCE;
        }
        if (thread.contains(target.streamsApplicationId())) {
            return CpuByStage.Stage.STREAMS;
        }
        if (thread.contains("warehouse-loader") || thread.startsWith("warehouse-writer-")) {
            // the loader's thread, its consumer's (named for its group) and its writers'
            return CpuByStage.Stage.LOADER;
        }
        return CpuByStage.Stage.BROKER;
    }

    private static String perLine(CpuByStage.Usage usage, long lines) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, Double> e : CpuByStage.labelled(usage).entrySet()) {
            if (!s.isEmpty()) {
                s.append(", ");
            }
            s.append(e.getKey()).append(' ').append(String.format("%.1f", e.getValue() * 1e6 / lines));
        }
        return s.toString();
    }
}
