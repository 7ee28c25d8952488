package br.com.etlvendas.cli;

import br.com.etlvendas.bench.SuperstoreLines;
import br.com.etlvendas.embedded.EmbeddedPostgresServer;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.SourceHeaders;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the fault-injection tests share: a Superstore-shaped input file with bad lines among the good ones, an
 * {@code ingest} of it in a JVM of its own under a directory of the test's, and the check of the whole history
 * once it has ended — every valid line in the warehouse once with the exact revenue, every bad line in the DLQ once.
 */
final class FaultRun {

    private static final Path SAMPLE = Path.of("samples/superstore.csv");
    private static final int UNREADABLE = 40;
    private static final int INVALID = 60;

    /** What the input file must add up to once loaded. */
    record Input(Path file, long validLines, BigDecimal revenue, int badLines) {
        long rows() {
            return validLines + badLines;
        }

        /** The reconciliation line of an ingest that read, loaded and rejected exactly this file. */
        String reconciliation() {
            return "rows_read=" + rows() + " loaded=" + validLines + " rejected=" + badLines;
        }
    }

    private final Path dir;

    /** A run under {@code dir}: the input, the configuration, the data directory ({@link #dataDir()}) and the logs. */
    FaultRun(Path dir) {
        this.dir = dir;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    /**
     * Writes {@code goodLines} Superstore lines followed by 100 bad ones: 40 whose quantity the mapping cannot read
     * (rejected by the source), 60 whose quantity the validator refuses.
     */
    Input input(long goodLines) throws IOException {
        Path file = dir.resolve("vendas.csv");
        SuperstoreLines.Expected good = new SuperstoreLines(SAMPLE).write(file, goodLines, "F", 1);
        List<String> header;
        CSVRecord template;
        try (Reader in = Files.newBufferedReader(SAMPLE, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            header = csv.getHeaderNames();
            template = csv.iterator().next();
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL)
                     .setRecordSeparator('\n').build())) {
            for (int i = 0; i < UNREADABLE + INVALID; i++) {
                List<String> row = new ArrayList<>(template.toList());
                row.set(header.indexOf("Row ID"), Long.toString(goodLines + 1 + i));
                row.set(header.indexOf("Order ID"), "BAD-" + i);
                row.set(header.indexOf("Quantity"), i < UNREADABLE ? "três" : "-2");
                csv.printRecord(row);
            }
        }
        return new Input(file, good.lines(), good.revenue(), UNREADABLE + INVALID);
    }

    /**
     * A configuration with the warehouse and S3 embedded in the ingest's process on free ports, no live sources,
     * and Kafka as given: {@code ''} for the embedded broker, or {@code ${KAFKA_BOOTSTRAP_SERVERS}}.
     */
    Path config(String bootstrapServers) throws IOException {
        return Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "data-dir: " + dataDir(),
                "kafka: {bootstrap-servers: '" + bootstrapServers + "', embedded: {port: 0, controller-port: 0}}",
                "warehouse: {jdbc-url: '', embedded: {port: 0}}",
                "s3: {endpoint: '', embedded: {port: 0}}",
                "sources: {generator: {enabled: false}, webhook: {enabled: false}}",
                "dashboard: {host: 127.0.0.1, port: 0}",
                ""));
    }

    /** {@code ingest} of the input in a JVM of its own with a 1 GiB heap, printing to {@code log}; not started. */
    ProcessBuilder ingest(Path config, Input input, String topicsFile, Path log) {
        ProcessBuilder pb = ChildCommand.of("1g", log, "ingest", input.file().toString(),
                "--mapping", "config/mappings/superstore.yml", "--config", config.toString(), "--topics", topicsFile);
        pb.environment().put("ETL_LOG_DIR", dir.resolve("logs").toString());
        return pb;
    }

    /** The source name an ingest printed. */
    static String source(String printed) {
        Matcher m = Pattern.compile("ingest: source=(\\S+)").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return m.group(1);
    }

    /** Waits until the run's embedded warehouse holds some of the file's lines; returns the server's JDBC URL. */
    String awaitWarehouseLoading(Process ingest, Path log) throws Exception {
        Path pid = dataDir().resolve(Infrastructure.POSTGRES_DIR).resolve("postmaster.pid");
        return awaitLines(() -> {
            List<String> lines = Files.exists(pid) ? Files.readAllLines(pid) : List.of();
            return lines.size() >= 4
                    ? Optional.of("jdbc:postgresql://127.0.0.1:" + lines.get(3).strip() + "/etl_vendas") : Optional.empty();
        }, "postgres", ingest, log);
    }

    /** Where a warehouse is, once it can be told (e.g. once its server has written its port). */
    interface WarehouseUrl {
        Optional<String> now() throws IOException;
    }

    /**
     * Waits (up to 3 minutes, the ingest still running) until the warehouse at {@code url} holds some lines of
     * {@code sale_line}; returns its JDBC URL.
     */
    static String awaitLines(WarehouseUrl url, String user, Process ingest, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            assertThat(ingest.isAlive()).as("ingest still running: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            Optional<String> jdbcUrl = url.now();
            if (jdbcUrl.isPresent()) {
                try (Connection c = DriverManager.getConnection(jdbcUrl.get(), user, "");
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*) FROM sale_line")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return jdbcUrl.get();
                    }
                } catch (SQLException notYet) {
                    // server starting or schema not migrated yet
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the warehouse never started loading: " + Files.readString(log));
    }

    /** Opens the run's own warehouse once the run has ended: every valid line once, the revenue to the cent. */
    void assertWarehouse(Input input, List<String> history) throws Exception {
        Path pgData = dataDir().resolve(Infrastructure.POSTGRES_DIR);
        EmbeddedPostgresServer.stopLeftover(pgData, Duration.ofSeconds(30));
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(pgData, 0, "etl_vendas").start()) {
            assertWarehouse(pg.jdbcUrl(), pg.user(), input, history);
        }
    }

    /** The warehouse at {@code jdbcUrl} holds every valid line of the input once, with the revenue to the cent. */
    static void assertWarehouse(String jdbcUrl, String user, Input input, List<String> history) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (sale_id, line_no)), sum(net_amount) "
                     + "FROM sale_line")) {
            rs.next();
            assertThat(rs.getLong(1)).as("lines in the warehouse; %s", history).isEqualTo(input.validLines());
            assertThat(rs.getLong(2)).as("no line twice").isEqualTo(input.validLines());
            assertThat(rs.getBigDecimal(3)).as("revenue").isEqualByComparingTo(input.revenue());
        }
    }

    /** Reads {@code sales.dlq} (committed records only): every bad line of the run once, nothing from the load stage. */
    static void assertDlq(String bootstrapServers, String source, Input input, List<String> history) {
        Set<String> origins = new HashSet<>();
        long[] records = {0};
        long[] refusedAtLoad = {0};
        forEachOfSource(bootstrapServers, "sales.dlq", DlqHeaders.SOURCE, source, r -> {
            records[0]++;
            origins.add(header(r, DlqHeaders.SOURCE_ORIGIN));
            if (DlqHeaders.STAGE_LOAD.equals(header(r, DlqHeaders.STAGE))) {
                refusedAtLoad[0]++;
            }
        });
        assertThat(refusedAtLoad[0]).as("nothing refused by the warehouse; %s", history).isZero();
        assertThat(records[0]).as("DLQ records of the run; %s", history).isEqualTo(input.badLines());
        assertThat(origins).as("each bad line once").hasSize(input.badLines());
    }

    /** What the run published to {@code sales.raw}: its records, and the distinct rows (file lines) among them. */
    record Published(long records, long rows) {
        @Override
        public String toString() {
            return "sales.raw holds " + records + " records of the run, from " + rows + " distinct rows of the file";
        }
    }

    static Published published(String bootstrapServers, String source) {
        Set<String> origins = new HashSet<>();
        long[] records = {0};
        forEachOfSource(bootstrapServers, "sales.raw", SourceHeaders.SOURCE, source, r -> {
            records[0]++;
            origins.add(header(r, SourceHeaders.ORIGIN));
        });
        return new Published(records[0], origins.size());
    }

    /** Every committed record of {@code topic} whose {@code sourceHeader} is {@code source}, from the beginning. */
    private static void forEachOfSource(String bootstrapServers, String topic, String sourceHeader, String source,
                                        Consumer<ConsumerRecord<String, byte[]>> action) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (source.equals(header(r, sourceHeader))) {
                        action.accept(r);
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
