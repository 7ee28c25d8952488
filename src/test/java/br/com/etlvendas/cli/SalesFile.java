package br.com.etlvendas.cli;

import br.com.etlvendas.bench.SuperstoreLines;
import br.com.etlvendas.sale.DlqHeaders;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Superstore-shaped sales file for the fault tests, with bad lines among the good ones, and the checks of a
 * whole history against it once a faulted run has ended: every valid line in the warehouse once with the exact
 * revenue, every bad line in the DLQ once, nothing refused by the warehouse.
 */
record SalesFile(Path file, long validLines, BigDecimal revenue, int badLines) {

    private static final Path SAMPLE = Path.of("samples/superstore.csv");

    /**
     * Writes {@code lines} good lines (the sample's rows, ids made unique) then {@code unreadable} rows whose
     * quantity the mapping cannot read and {@code invalid} rows the validator refuses (negative quantity).
     */
    static SalesFile write(Path file, long lines, int unreadable, int invalid) throws IOException {
        SuperstoreLines.Expected good = new SuperstoreLines(SAMPLE).write(file, lines, "F", 1);
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
            for (int i = 0; i < unreadable + invalid; i++) {
                List<String> row = new ArrayList<>(template.toList());
                row.set(header.indexOf("Row ID"), Long.toString(lines + 1 + i));
                row.set(header.indexOf("Order ID"), "BAD-" + i);
                row.set(header.indexOf("Quantity"), i < unreadable ? "três" : "-2");
                csv.printRecord(row);
            }
        }
        return new SalesFile(file, good.lines(), good.revenue(), unreadable + invalid);
    }

    long rows() {
        return validLines + badLines;
    }

    /** The start of the reconciliation line {@code ingest} must print for this file. */
    String reconciliation() {
        return "rows_read=" + rows() + " loaded=" + validLines + " rejected=" + badLines;
    }

    /** The run's source, from what {@code ingest} printed. */
    static String sourceIn(String printed) {
        Matcher m = Pattern.compile("ingest: source=(\\S+)").matcher(printed);
        assertThat(m.find()).as(printed).isTrue();
        return m.group(1);
    }

    /** Every valid line in {@code sale_line} once, with the file's revenue to the cent. */
    void assertWarehouse(String jdbcUrl, String user, Object history) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (sale_id, line_no)), sum(net_amount) "
                     + "FROM sale_line")) {
            rs.next();
            assertThat(rs.getLong(1)).as("lines in the warehouse; %s", history).isEqualTo(validLines);
            assertThat(rs.getLong(2)).as("no line twice").isEqualTo(validLines);
            assertThat(rs.getBigDecimal(3)).as("revenue").isEqualByComparingTo(revenue);
        }
    }

    /** Every bad line of the run in the DLQ once (by its origin), and nothing refused by the warehouse. */
    void assertDlq(String bootstrap, String dlqTopic, String source, Object history) {
        Set<String> origins = new HashSet<>();
        long records = 0;
        long loadStage = 0;
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlqTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
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
        assertThat(records).as("DLQ records of the run; %s", history).isEqualTo(badLines);
        assertThat(origins).as("each bad line once").hasSize(badLines);
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
