package br.com.etlvendas.bench;

import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.WarehouseConfig;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.load.postgres.SaleLineCopyFormat;
import br.com.etlvendas.load.postgres.WarehouseLoader;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * {@code bench load}: the same Superstore-shaped lines loaded three ways into identical tables on the same
 * PostgreSQL (fsync on), in one run. Our {@link WarehouseLoader} from {@code sales.clean} into {@code sale_line};
 * a plain {@code COPY} of the rows it loaded into a clone of {@code sale_line} (the ceiling); and Kafka Connect
 * running the Debezium JDBC sink in upsert mode, with its default batch settings, on a JSON copy of the same rows
 * (schema and payload, one record per line, partitioned like {@code sales.clean}) into another clone; the worker
 * runs in a JVM of its own (see {@link ConnectStandaloneProcess}). The lines
 * reach {@code sales.clean} through the real file source and Streams pipeline before anything is timed; the loader
 * first loads a warm-up set so that the JIT has compiled it. Each load must end with the input's lines and revenue.
 */
public final class LoadBenchmark {

    /** What the benchmark runs against, started by the command line on fresh embedded servers. */
    public record Target(String bootstrapServers, DataSource warehouse, String jdbcUrl, String user, String password,
                         Topics topics, WarehouseConfig loader, Path workDir, ColumnMapping mapping,
                         int rowsPerTransaction, Path connectHome) {
    }

    /** Sizes of the run. */
    public record Options(long lines, long warmupLines, Path sample, int connectTasks) {
    }

    /** The figures that decide the run, for the exit code. */
    public record Result(boolean reconciled, double ratioCopy, double ratioConnect) {
    }

    static final double COPY_TARGET = 0.70;
    static final double CONNECT_TARGET = 5.0;
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(2);
    private static final String CONNECT_TABLE = "bench_connect_sale_line";
    private static final Set<String> INT_COLUMNS = Set.of("line_no", "kafka_partition");
    private static final Set<String> LONG_COLUMNS = Set.of("kafka_offset");

    private final Target target;
    private final Options options;
    private final SuperstoreLines lines;

    public LoadBenchmark(Target target, Options options) throws IOException {
        this.target = target;
        this.options = options;
        this.lines = new SuperstoreLines(options.sample());
    }

    public Result run(PrintWriter out) throws Exception {
        out.printf("bench load: %,d lines in the Superstore layout (after %,d warm-up lines) from sales.clean into "
                + "PostgreSQL (fsync on), three ways%n", options.lines(), options.warmupLines());
        out.flush();
        if (options.warmupLines() > 0) {
            SuperstoreLines.Expected warm = toClean("bench-load-warmup", "lw", 1, options.warmupLines());
            Load w = loadWithOurLoader("bench-load-warmup", warm);
            out.printf("  warm-up: our loader, %,d lines in %.1f s, %s%n", warm.lines(), w.throughput().secondsToAll(),
                    w.reconciliation());
            out.flush();
        }
        String source = "bench-load-measured";
        SuperstoreLines.Expected expected = toClean(source, "lm", 1 + options.warmupLines(), options.lines());
        out.printf("  %,d lines in sales.clean (through the file source and the Streams pipeline; not timed)%n", expected.lines());
        out.flush();

        Load ours = loadWithOurLoader(source, expected);
        out.printf("our loader: %,.0f lines/s steady (10%% to 90%% of the lines committed); all %,d in %.1f s; %s%n",
                ours.throughput().perSecond(), expected.lines(), ours.throughput().secondsToAll(), ours.reconciliation());
        out.flush();

        double[] copies = new CopyCeiling(target.warehouse(), target.workDir()).rowsPerSecond(source, ours.loaded());
        double copy = Math.max(copies[0], copies[1]);
        out.printf("ceiling: plain COPY of the same %,d rows into a clone of sale_line (same columns, constraints, indexes): "
                + "%,.0f rows/s (the better of two runs: %,.0f and %,.0f)%n", ours.loaded(), copy, copies[0], copies[1]);
        out.flush();

        Load connect = loadWithConnect(source, expected);
        out.printf("Kafka Connect + Debezium JDBC sink (upsert, %d task%s, default batches): %,.0f lines/s steady; "
                        + "all %,d in %.1f s; %s%n", options.connectTasks(), options.connectTasks() == 1 ? "" : "s",
                connect.throughput().perSecond(), expected.lines(), connect.throughput().secondsToAll(),
                connect.reconciliation());

        double ratioCopy = ours.throughput().perSecond() / copy;
        double ratioConnect = ours.throughput().perSecond() / connect.throughput().perSecond();
        out.printf("ratio-copy %.2f (our loader / COPY; target >= %.2f) %s%n", ratioCopy, COPY_TARGET,
                ratioCopy >= COPY_TARGET ? "OK" : "BELOW TARGET");
        out.printf("ratio-connect %.2f (our loader / Connect sink; target >= %.1f) %s%n", ratioConnect, CONNECT_TARGET,
                ratioConnect >= CONNECT_TARGET ? "OK" : "BELOW TARGET");
        out.flush();
        return new Result(ours.balanced() && connect.balanced(), ratioCopy, ratioConnect);
    }

    /** One load watched to completion: its throughput and what the table holds for the run's lines afterwards. */
    private record Load(Progress.Throughput throughput, long loaded, BigDecimal revenue, SuperstoreLines.Expected expected) {
        boolean balanced() {
            return loaded == expected.lines() && revenue.compareTo(expected.revenue()) == 0;
        }

        String reconciliation() {
            return String.format("reconciliation: lines=%d loaded=%d warehouse_revenue=%s expected=%s (%s)", expected.lines(),
                    loaded, revenue.toPlainString(), expected.revenue().toPlainString(), balanced() ? "OK" : "MISMATCH");
        }
    }

    /** Writes the lines to a file and runs it through the file source and Streams until all of it is in sales.clean. */
    private SuperstoreLines.Expected toClean(String source, String tag, long firstRowId, long count) throws Exception {
        Path file = target.workDir().resolve(source + ".csv");
        SuperstoreLines.Expected expected = lines.write(file, count, tag, firstRowId);
        SourceFilePublisher.publish(file, source, target.topics(), target.bootstrapServers(), target.mapping(),
                target.rowsPerTransaction());
        awaitCleanLines(source, count);
        return expected;
    }

    /** Reads sales.clean (committed records only) until it holds {@code count} lines of the source. */
    private void awaitCleanLines(String source, long count) throws InterruptedException {
        Properties p = ConsumerSettings.readCommitted(target.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-load-clean-count-" + source);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        var clean = target.topics().clean();
        try (KafkaConsumer<String, Sale> c = new KafkaConsumer<>(p, clean.keySerde().deserializer(),
                clean.valueSerde().deserializer())) {
            c.subscribe(List.of(clean.name()));
            long seen = 0;
            long lastMoved = System.nanoTime();
            while (seen < count) {
                for (ConsumerRecord<String, Sale> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && source.equals(r.value().source())) {
                        seen += r.value().lines().size();
                        lastMoved = System.nanoTime();
                    }
                }
                if (System.nanoTime() - lastMoved > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("only " + seen + " of " + count + " lines of " + source
                            + " reached sales.clean (is the pipeline rejecting some? see the log)");
                }
            }
        }
    }

    /** Starts a loader of the benchmark's group (resuming after what earlier runs loaded) and times it to the last line. */
    private Load loadWithOurLoader(String source, SuperstoreLines.Expected expected) throws Exception {
        WarehouseLoader loader = new WarehouseLoader(target.warehouse(), target.topics().clean(), target.topics().dlq(),
                target.bootstrapServers(), target.loader());
        Thread thread = new Thread(loader, "warehouse-loader-bench");
        Progress progress;
        thread.start();
        try {
            progress = Progress.watch(loader::loadedLines, expected.lines(), STALL_TIMEOUT);
        } finally {
            loader.close();
            thread.join(Duration.ofMinutes(1).toMillis());
        }
        if (loader.failure() != null) {
            throw new IllegalStateException("the loader failed: " + loader.failure().getMessage(), loader.failure());
        }
        return measured(progress, "sale_line", source, expected);
    }

    /** Publishes the run's rows as JSON records and times the Debezium JDBC sink writing them into a clone of sale_line. */
    private Load loadWithConnect(String source, SuperstoreLines.Expected expected) throws Exception {
        String topic = target.topics().clean().name() + ".bench-json";
        publishJsonCopy(source, topic);
        try (Connection c = target.warehouse().getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + CONNECT_TABLE);
            st.execute("CREATE TABLE " + CONNECT_TABLE + " (LIKE sale_line INCLUDING ALL)");
            st.execute("CHECKPOINT");
        }
        Path work = target.workDir().resolve("connect");
        java.nio.file.Files.createDirectories(work);
        Map<String, String> worker = new HashMap<>();
        worker.put("bootstrap.servers", target.bootstrapServers());
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        worker.put("value.converter.schemas.enable", "true");
        worker.put("offset.storage.file.filename", work.resolve("offsets").toString());
        worker.put("plugin.path", target.connectHome().resolve("plugins").toString());
        worker.put("plugin.discovery", "service_load"); // every plugin here has a manifest: no slow class scan
        worker.put("listeners", "http://127.0.0.1:0");
        worker.put("consumer.auto.offset.reset", "earliest");
        Map<String, String> sink = new HashMap<>();
        sink.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        sink.put("tasks.max", Integer.toString(options.connectTasks()));
        sink.put("topics", topic);
        // string fields reach their typed columns (timestamptz, numeric, jsonb) as PostgreSQL casts them
        sink.put("connection.url", target.jdbcUrl() + (target.jdbcUrl().contains("?") ? "&" : "?") + "stringtype=unspecified");
        sink.put("connection.username", target.user());
        sink.put("connection.password", target.password());
        sink.put("insert.mode", "upsert");
        sink.put("primary.key.mode", "record_value");
        sink.put("primary.key.fields", "sale_id,line_no");
        sink.put("delete.enabled", "false");
        sink.put("schema.evolution", "none");
        sink.put("collection.name.format", CONNECT_TABLE);
        sink.put("name", "bench-debezium-jdbc-sink");
        Progress progress;
        Path log;
        try (ConnectStandaloneProcess connect = new ConnectStandaloneProcess(target.connectHome().resolve("lib"), worker,
                sink, work)) {
            log = connect.log();
            progress = Progress.watch(everyQuarterSecond(() -> {
                connect.checkAlive();
                return count(CONNECT_TABLE);
            }), expected.lines(), STALL_TIMEOUT);
        }
        if (!progress.throughput().complete()) {
            throw new IllegalStateException("the Connect sink stopped at " + count(CONNECT_TABLE) + " of " + expected.lines()
                    + " rows; its log is " + log + " (run with --keep to look at it)");
        }
        return measured(progress, CONNECT_TABLE, source, expected);
    }

    /**
     * The run's rows as JSON Connect records (schema and payload, every column; text for the typed ones), keyed by
     * sale, on a topic with as many partitions as sales.clean. Not timed.
     */
    private void publishJsonCopy(String source, String topic) throws SQLException, InterruptedException, ExecutionException {
        int partitions = target.topics().config().get(TopicId.CLEAN).partitions();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        List<String> columns = Arrays.stream(SaleLineCopyFormat.COLUMNS.split(",")).map(String::trim).toList();
        String prefix = "{\"schema\":" + connectSchema(columns) + ",\"payload\":";
        String select = columns.stream().map(c -> INT_COLUMNS.contains(c) || LONG_COLUMNS.contains(c) ? c : c + "::text AS " + c)
                .collect(Collectors.joining(", "));
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 10, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
             Connection c = target.warehouse().getConnection()) {
            c.setAutoCommit(false); // a cursor: the rows stream instead of landing in memory at once
            try (PreparedStatement ps = c.prepareStatement("SELECT t.sale_id, row_to_json(t)::text FROM (SELECT " + select
                    + " FROM sale_line WHERE source = ?) t")) {
                ps.setFetchSize(10_000);
                ps.setString(1, source);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] value = (prefix + rs.getString(2) + "}").getBytes(StandardCharsets.UTF_8);
                        producer.send(new ProducerRecord<>(topic, rs.getString(1), value));
                    }
                }
            }
            c.commit();
            producer.flush();
        }
    }

    private static String connectSchema(List<String> columns) {
        return columns.stream().map(c -> "{\"field\":\"" + c + "\",\"type\":\""
                        + (INT_COLUMNS.contains(c) ? "int32" : LONG_COLUMNS.contains(c) ? "int64" : "string")
                        + "\",\"optional\":" + !(c.equals("sale_id") || c.equals("line_no")) + "}")
                .collect(Collectors.joining(",", "{\"type\":\"struct\",\"name\":\"etl_vendas.sale_line\",\"optional\":false,\"fields\":[", "]}"));
    }

    private Load measured(Progress progress, String table, String source, SuperstoreLines.Expected expected) throws SQLException {
        try (Connection c = target.warehouse().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(net_amount), 0) FROM " + table
                     + " WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Load(progress.throughput(), rs.getLong(1), rs.getBigDecimal(2), expected);
            }
        }
    }

    private long count(String table) {
        try (Connection c = target.warehouse().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the rows of " + table + ": " + e.getMessage(), e);
        }
    }

    /** The count, asked of the database at most every 250 ms (a count of a growing table is not free). */
    private static LongSupplier everyQuarterSecond(LongSupplier count) {
        long[] last = {0};
        long[] askedAt = {0};
        return () -> {
            long now = System.nanoTime();
            if (now - askedAt[0] >= 250_000_000L) {
                last[0] = count.getAsLong();
                askedAt[0] = now;
            }
            return last[0];
        };
    }
}
