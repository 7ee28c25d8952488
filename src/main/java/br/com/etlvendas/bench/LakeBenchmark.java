package br.com.etlvendas.bench;

import br.com.etlvendas.config.LakeConfig;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.file.FileIngestor;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.load.lake.LakeWriter;
import br.com.etlvendas.load.lake.LocalLakeStore;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.io.InputStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench lake}: the lake writer from {@code sales.clean} to a local lake against DuckDB writing the same rows
 * to Parquet directly, both in this run. The lines (the Superstore export repeated with unique ids) go through the
 * real topology into {@code sales.clean} first, not timed; then a fresh lake writer, with the user's lake settings
 * and a lake in the bench's directory, reads the topic from its start and is timed from the first record it takes
 * until every partition is committed in the lake up to the topic's end. The ceiling: the rows the lake holds,
 * exported to a CSV file (not timed), loaded by DuckDB's {@code COPY … FROM} into a table of the lake's columns and
 * written by {@code COPY … TO … (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt))}, on one thread as the
 * writer's DuckDB, with DuckDB's default memory limit (one open Parquet writer per sale date does not fit the
 * writer's); run twice, the faster kept. A second ceiling writes the lake's own layout, {@code PARTITION_BY
 * (kafka_partition, dt)}: the writer must keep each Kafka partition's files apart (their names, from the partition's
 * offsets, are what makes a retry rewrite the same files), so it writes that many files, against one per date for the
 * first ceiling; both ratios are printed.
 */
public final class LakeBenchmark {

    /** What the benchmark runs against: a broker with the pipeline running, its topics, and a directory of its own. */
    public record Target(String bootstrapServers, Topics topics, LakeConfig lake, ColumnMapping mapping,
                         int rowsPerTransaction, Path workDir) {
    }

    /**
     * The writer's and the ceilings' rates (files by date; files by Kafka partition and date, the lake's layout);
     * {@code exact} when the lake holds every line with the file's revenue.
     */
    public record Result(double writerLinesPerSecond, double ceilingRowsPerSecond, double sameLayoutRowsPerSecond,
                         boolean exact) {
        public double ratio() {
            return writerLinesPerSecond / ceilingRowsPerSecond;
        }

        public double ratioSameLayout() {
            return writerLinesPerSecond / sameLayoutRowsPerSecond;
        }
    }

    /** How the ceiling's files are laid out: by sale date, or as the lake keeps them. */
    private enum Layout {
        BY_DATE("dt", "by dt"), LAKE("kafka_partition, dt", "by Kafka partition and dt, the lake's layout");

        final String partitionBy;
        final String description;

        Layout(String partitionBy, String description) {
            this.partitionBy = partitionBy;
            this.description = description;
        }
    }

    private static final Duration STALL = Duration.ofMinutes(2);

    private final Target target;
    private final long lines;
    private final Path sample;

    public LakeBenchmark(Target target, long lines, Path sample) {
        this.target = target;
        this.lines = lines;
        this.sample = sample;
    }

    public Result run(PrintWriter out) throws Exception {
        Path file = target.workDir().resolve("lines.csv");
        SuperstoreLines.Expected expected = new SuperstoreLines(sample).write(file, lines, "L", 1);
        out.printf("bench lake: %,d lines in the Superstore layout through the pipeline into %s (not timed)%n", lines,
                target.topics().clean().name());
        out.flush();
        publish(file);
        Map<Integer, Long> ends = awaitClean(expected.lines());
        Files.delete(file);

        Path lakeDir = target.workDir().resolve("lake");
        LakeConfig lake = new LakeConfig(true, LakeConfig.Target.LOCAL, "", lakeDir, target.lake().rollLines(),
                target.lake().rollInterval(), "bench-lake-writer", target.lake().memoryLimitMb());
        LakeWriter writer = new LakeWriter(target.topics().clean(), new LocalLakeStore(lakeDir), target.bootstrapServers(),
                lake, Duration.ofSeconds(30), target.workDir().resolve("lake-work"), Clock.systemUTC(),
                LakeWriter.BatchStoredHook.NONE);
        Thread thread = new Thread(writer, "bench-lake-writer");
        thread.start();
        double writerRate;
        try {
            long deadline = System.nanoTime() + STALL.toNanos();
            while (writer.recordsTaken() == 0 && writer.failure() == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            long start = System.nanoTime();
            LakeWriter.InLake inLake = writer.awaitInLake(ends, Duration.ofMinutes(30));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!inLake.caughtUp()) {
                throw new IllegalStateException("the lake writer did not reach the topic's end: " + inLake);
            }
            writerRate = writer.writtenLines() / seconds;
            out.printf("lake writer: %,.0f lines/s (%,d lines from %s to %,d Parquet files in a local lake, %.1f s from the "
                    + "first record read to the last partition committed; roll-lines %,d)%n", writerRate, writer.writtenLines(),
                    target.topics().clean().name(), writer.writtenFiles(), seconds, lake.rollLines());
        } finally {
            writer.close();
            thread.join(60_000);
        }
        boolean exact = checkLake(lakeDir, expected, out);
        Map<Layout, Double> ceilings = duckDbCeilings(lakeDir, expected.lines(), out);
        Result r = new Result(writerRate, ceilings.get(Layout.BY_DATE), ceilings.get(Layout.LAKE), exact);
        out.printf("ratio %.2f (lake writer / DuckDB COPY by dt)%n", r.ratio());
        out.printf("ratio-same-layout %.2f (lake writer / DuckDB COPY by Kafka partition and dt)%n", r.ratioSameLayout());
        out.flush();
        return r;
    }

    private void publish(Path file) throws Exception {
        String source = "bench-lake";
        try (SourcePublisher publisher = new SourcePublisher(target.topics().raw(), target.bootstrapServers(),
                "etl-vendas-bench-lake-source");
             InputStream in = Files.newInputStream(file)) {
            FileIngestor ingestor = new FileIngestor(publisher, target.topics().files(), target.rowsPerTransaction(),
                    Clock.systemUTC());
            FileEvent start = new FileEvent(FileEvent.idOf(file.toUri().toString(), source), file.toUri().toString(), source,
                    Files.size(file), "bench", FileEvent.Status.DISCOVERED, 0, 0, "", Clock.systemUTC().instant());
            FileEvent done = ingestor.ingest(start, in, target.mapping().format(), new RowMapper(target.mapping()),
                    sale -> sale.withSource(source), rows -> { });
            if (done.status() != FileEvent.Status.DONE) {
                throw new IllegalStateException("the benchmark's file ended " + done.status() + ": " + done.message());
            }
        }
    }

    /** Reads {@code sales.clean} (read committed) until it holds {@code expectedLines} lines; returns its end offsets. */
    private Map<Integer, Long> awaitClean(long expectedLines) {
        try (KafkaConsumer<String, Sale> c = new KafkaConsumer<>(ConsumerSettings.readCommitted(target.bootstrapServers()),
                target.topics().clean().keySerde().deserializer(), target.topics().clean().valueSerde().deserializer())) {
            List<TopicPartition> tps = new ArrayList<>();
            for (PartitionInfo p : c.partitionsFor(target.topics().clean().name())) {
                tps.add(new TopicPartition(p.topic(), p.partition()));
            }
            c.assign(tps);
            c.seekToBeginning(tps);
            long seen = 0;
            long movedAt = System.nanoTime();
            while (seen < expectedLines) {
                long before = seen;
                for (ConsumerRecord<String, Sale> r : c.poll(Duration.ofMillis(500))) {
                    seen += r.value() == null ? 0 : r.value().lines().size();
                }
                if (seen != before) {
                    movedAt = System.nanoTime();
                } else if (System.nanoTime() - movedAt > STALL.toNanos()) {
                    throw new IllegalStateException(target.topics().clean().name() + " holds " + seen + " lines, expected "
                            + expectedLines + "; nothing more came for " + STALL.toSeconds() + " s");
                }
            }
            Map<Integer, Long> ends = new HashMap<>();
            c.endOffsets(tps).forEach((tp, end) -> ends.put(tp.partition(), end));
            return ends;
        }
    }

    private static String glob(Path lakeDir) {
        return lakeDir.toAbsolutePath().toString().replace("'", "''") + "/**/*.parquet";
    }

    /** The lake holds each line once, with the file's revenue to the last decimal. */
    private static boolean checkLake(Path lakeDir, SuperstoreLines.Expected expected, PrintWriter out) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(net_amount), count(DISTINCT (sale_id, line_no)) "
                     + "FROM read_parquet('" + glob(lakeDir) + "', hive_partitioning = true)")) {
            rs.next();
            long count = rs.getLong(1);
            BigDecimal revenue = rs.getBigDecimal(2);
            boolean exact = count == expected.lines() && rs.getLong(3) == expected.lines()
                    && revenue.compareTo(expected.revenue()) == 0;
            out.printf("  lake check: lines=%d distinct=%d revenue=%s expected lines=%d revenue=%s (%s)%n", count,
                    rs.getLong(3), revenue.stripTrailingZeros().toPlainString(), expected.lines(),
                    expected.revenue().toPlainString(), exact ? "OK" : "MISMATCH");
            return exact;
        }
    }

    /**
     * Rows per second of each layout, the better of two timed DuckDB runs: CSV file into a table of the lake's
     * columns, then Parquet files.
     */
    private Map<Layout, Double> duckDbCeilings(Path lakeDir, long expectedRows, PrintWriter out) throws Exception {
        Path csv = target.workDir().resolve("ceiling.csv");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            st.execute("COPY (SELECT * FROM read_parquet('" + glob(lakeDir) + "', hive_partitioning = true)) TO '"
                    + quoted(csv) + "' (FORMAT csv, HEADER)");
        }
        try {
            Map<Layout, Double> best = new EnumMap<>(Layout.class);
            for (Layout layout : Layout.values()) {
                double first = copyOnce(lakeDir, csv, layout, 1, expectedRows);
                double second = copyOnce(lakeDir, csv, layout, 2, expectedRows);
                best.put(layout, Math.max(first, second));
                out.printf("ceiling: DuckDB COPY of the same rows from a CSV file to Parquet (zstd, %s, 1 thread): %,.0f "
                        + "rows/s (the better of two runs: %,.0f and %,.0f)%n", layout.description, best.get(layout),
                        first, second);
                out.flush();
            }
            return best;
        } finally {
            Files.deleteIfExists(csv);
        }
    }

    private double copyOnce(Path lakeDir, Path csv, Layout layout, int run, long expectedRows) throws Exception {
        Path outDir = target.workDir().resolve("ceiling-" + layout.name().toLowerCase(Locale.ROOT) + "-" + run);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            // one thread as the writer's DuckDB, but DuckDB's default memory: writing every sale date at once keeps a
            // Parquet writer open per date (over a thousand for the Superstore's four years), which the writer's
            // limit cannot hold; more memory only raises the ceiling
            st.execute("SET threads = 1");
            st.execute("SET temp_directory = '" + quoted(target.workDir().resolve("ceiling-spill")) + "'");
            st.execute("SET preserve_insertion_order = true");
            st.execute("CREATE TABLE rows AS SELECT * FROM read_parquet('" + glob(lakeDir) + "', hive_partitioning = true) LIMIT 0");
            long start = System.nanoTime();
            st.execute("COPY rows FROM '" + quoted(csv) + "' (FORMAT csv, HEADER)");
            st.execute("COPY rows TO '" + quoted(outDir) + "' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY ("
                    + layout.partitionBy + "))");
            double seconds = (System.nanoTime() - start) / 1e9;
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM read_parquet('" + quoted(outDir)
                    + "/**/*.parquet', hive_partitioning = true)")) {
                rs.next();
                if (rs.getLong(1) != expectedRows) {
                    throw new IllegalStateException("the DuckDB ceiling wrote " + rs.getLong(1) + " rows, expected " + expectedRows);
                }
            }
            return expectedRows / seconds;
        }
    }

    private static String quoted(Path p) {
        return p.toAbsolutePath().toString().replace("'", "''");
    }
}
