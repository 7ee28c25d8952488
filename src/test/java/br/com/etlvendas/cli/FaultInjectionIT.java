package br.com.etlvendas.cli;

import br.com.etlvendas.bench.SuperstoreLines;
import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import br.com.etlvendas.embedded.EmbeddedPostgresServer;
import br.com.etlvendas.sale.DlqHeaders;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected while {@code ingest} runs in a process of its own, with its own embedded Kafka, PostgreSQL
 * and S3 (killing them is the point, so this test does not use the shared fixture), each ending in the whole
 * history checked: every valid line in the warehouse once, revenue to the cent, every bad line in the DLQ once.
 */
class FaultInjectionIT {

    private static final Path SAMPLE = Path.of("samples/superstore.csv");
    private static final long LINES = 200_000;
    private static final int UNREADABLE = 40;
    private static final int INVALID = 60;

    @TempDir
    Path dir;

    /** What the input file must add up to once loaded. */
    private record Input(Path file, long validLines, BigDecimal revenue, int badLines) {
        long rows() {
            return validLines + badLines;
        }
    }

    @Test
    void shouldLoadEveryLineExactlyOnceWhenTheWholeProcessIsKilledFiveTimesDuringTheIngest() throws Exception {
        // given a 200,000-line file with bad lines among them, and a process of its own for each attempt
        Input input = input();
        Path config = config();
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> history = new ArrayList<>();

        // when the whole process (pipeline and its embedded servers) is killed -9 at five random moments
        for (int kill = 1; kill <= 5; kill++) {
            long afterMs = 2_000 + random.nextInt(20_000);
            Path log = dir.resolve("attempt-" + kill + ".log");
            Process attempt = ingest(config, input, log);
            boolean endedByItself = attempt.waitFor(afterMs, TimeUnit.MILLISECONDS);
            if (!endedByItself) {
                attempt.destroyForcibly().waitFor();
            }
            history.add("attempt " + kill + (endedByItself ? " ended by itself, exit " + attempt.exitValue()
                    : " killed after " + afterMs + " ms") + " (seed " + seed + ")");
            assertThat(Files.readString(log)).as("attempt %d started: %s", kill, history)
                    .doesNotContain("already in use").doesNotContain("in use by another running ETL Vendas");
        }
        // and a last run is left to finish
        Path last = dir.resolve("final.log");
        Process finish = ingest(config, input, last);
        assertThat(finish.waitFor(6, TimeUnit.MINUTES)).as("final run ends; %s", history).isTrue();
        String printed = Files.readString(last);

        // then it reconciles every row of the file, and the warehouse and the DLQ say the same
        assertThat(finish.exitValue()).as(printed + history).isZero();
        assertThat(printed).contains("rows_read=" + input.rows() + " loaded=" + input.validLines()
                + " rejected=" + input.badLines());
        assertWholeHistory(input, source(printed), history);
    }

    @Test
    void shouldPauseAndRetryWhilePostgresIsDownForThirtySecondsSendingNothingToTheDlq() throws Exception {
        // given an ingest under way
        Input input = input();
        Path log = dir.resolve("ingest.log");
        Process ingest = ingest(config(), input, log);
        Path pgData = dir.resolve("data").resolve(Infrastructure.POSTGRES_DIR);
        String url = awaitWarehouseLoading(pgData, ingest, log);

        // when its PostgreSQL is stopped mid-load for 30 s, then started again as it was
        ProcessBuilder sameAsBefore = stopPostgres(pgData, url);
        Thread.sleep(30_000);
        Process restarted = sameAsBefore.redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres-restart.log").toFile()).start();

        // then the ingest still ends reconciled, without a single line refused by the warehouse
        try {
            assertThat(ingest.waitFor(6, TimeUnit.MINUTES)).as("ingest ends").isTrue();
            String printed = Files.readString(log);
            assertThat(ingest.exitValue()).as(printed).isZero();
            assertThat(printed).contains("rows_read=" + input.rows() + " loaded=" + input.validLines()
                    + " rejected=" + input.badLines());
            assertWholeHistory(input, source(printed), List.of("PostgreSQL down for 30 s"));
        } finally {
            restarted.destroy(); // normally already stopped by the ingest's own shutdown
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Input input() throws IOException {
        Path file = dir.resolve("vendas.csv");
        SuperstoreLines.Expected good = new SuperstoreLines(SAMPLE).write(file, LINES, "F", 1);
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
                row.set(header.indexOf("Row ID"), Long.toString(LINES + 1 + i));
                row.set(header.indexOf("Order ID"), "BAD-" + i);
                // a quantity the mapping cannot read (rejected by the source), or one the validator refuses
                row.set(header.indexOf("Quantity"), i < UNREADABLE ? "três" : "-2");
                csv.printRecord(row);
            }
        }
        return new Input(file, good.lines(), good.revenue(), UNREADABLE + INVALID);
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "data-dir: " + dir.resolve("data"),
                "kafka: {bootstrap-servers: '', embedded: {port: 0, controller-port: 0}}",
                "warehouse: {jdbc-url: '', embedded: {port: 0}}",
                "s3: {endpoint: '', embedded: {port: 0}}",
                "sources: {generator: {enabled: false}, webhook: {enabled: false}}",
                "dashboard: {host: 127.0.0.1, port: 0}",
                ""));
    }

    private Process ingest(Path config, Input input, Path log) throws IOException {
        ProcessBuilder pb = ChildCommand.of("1g", log, "ingest", input.file().toString(),
                "--mapping", "config/mappings/superstore.yml", "--config", config.toString(), "--topics", "config/topics.yml");
        pb.environment().put("ETL_LOG_DIR", dir.resolve("logs").toString());
        return pb.start();
    }

    private static String source(String printed) {
        Matcher m = Pattern.compile("ingest: source=(\\S+)").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return m.group(1);
    }

    /** Waits until the warehouse holds some of the file's lines; returns the server's JDBC URL. */
    private static String awaitWarehouseLoading(Path pgData, Process ingest, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            assertThat(ingest.isAlive()).as("ingest still running: %s", Files.exists(log) ? Files.readString(log) : "").isTrue();
            Path pid = pgData.resolve("postmaster.pid");
            if (Files.exists(pid)) {
                List<String> lines = Files.readAllLines(pid);
                if (lines.size() >= 4) {
                    String url = "jdbc:postgresql://127.0.0.1:" + lines.get(3).strip() + "/etl_vendas";
                    try (Connection c = DriverManager.getConnection(url, "postgres", "");
                         Statement st = c.createStatement();
                         ResultSet rs = st.executeQuery("SELECT count(*) FROM sale_line")) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            return url;
                        }
                    } catch (java.sql.SQLException notYet) {
                        // server starting or schema not migrated yet
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the warehouse never started loading: " + Files.readString(log));
    }

    /**
     * Stops the PostgreSQL serving {@code pgData} (fast shutdown); returns how to start it again exactly as it
     * was started: its command line and its environment (as {@code pg_ctl} set it), read from {@code /proc}, in
     * a user namespace of its own ({@code unshare -U}, as the embedded server runs it: PostgreSQL refuses root).
     */
    private static ProcessBuilder stopPostgres(Path pgData, String url) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip());
        Path proc = Path.of("/proc", Long.toString(pid));
        List<String> commandLine = new ArrayList<>(List.of("unshare", "-U"));
        commandLine.addAll(List.of(Files.readString(proc.resolve("cmdline")).split("\0")));
        ProcessBuilder command = new ProcessBuilder(commandLine);
        command.environment().clear();
        for (String variable : Files.readString(proc.resolve("environ")).split("\0")) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                command.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
            }
        }
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
        server.onExit().get(30, TimeUnit.SECONDS);
        try (Connection ignored = DriverManager.getConnection(url, "postgres", "")) {
            throw new AssertionError("PostgreSQL still answers at " + url);
        } catch (java.sql.SQLException expected) {
            return command;
        }
    }

    /**
     * Opens the run's own data directory once the run has ended — its warehouse and its Kafka log — and checks
     * the whole history: every valid line once with the exact revenue, every bad line in the DLQ once.
     */
    private void assertWholeHistory(Input input, String source, List<String> history) throws Exception {
        Path data = dir.resolve("data");
        EmbeddedPostgresServer.stopLeftover(data.resolve(Infrastructure.POSTGRES_DIR), Duration.ofSeconds(30));
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(data.resolve(Infrastructure.POSTGRES_DIR), 0,
                "etl_vendas").start();
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (sale_id, line_no)), sum(net_amount) "
                     + "FROM sale_line")) {
            rs.next();
            assertThat(rs.getLong(1)).as("lines in the warehouse; %s", history).isEqualTo(input.validLines());
            assertThat(rs.getLong(2)).as("no line twice").isEqualTo(input.validLines());
            assertThat(rs.getBigDecimal(3)).as("revenue").isEqualByComparingTo(input.revenue());
        }
        try (EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(data.resolve(Infrastructure.KAFKA_DIR), 0, 0).start()) {
            Set<String> origins = new HashSet<>();
            long records = 0;
            long loadStage = 0;
            Map<String, Object> props = Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    new ByteArrayDeserializer())) {
                var partitions = consumer.partitionsFor("sales.dlq").stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (!source.equals(header(r, DlqHeaders.SOURCE))) {
                            continue;
                        }
                        records++;
                        origins.add(header(r, DlqHeaders.SOURCE_ORIGIN));
                        if (DlqHeaders.STAGE_LOAD.equals(header(r, DlqHeaders.STAGE))) {
                            loadStage++;
                        }
                    }
                }
            }
            assertThat(loadStage).as("nothing refused by the warehouse; %s", history).isZero();
            assertThat(records).as("DLQ records of the run; %s", history).isEqualTo(input.badLines());
            assertThat(origins).as("each bad line once").hasSize(input.badLines());
        }
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
