package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.FileEvent;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 source end to end on the real embedded servers: files dropped in the bucket are discovered,
 * announced on {@code etl.files}, read with their mapping and loaded into the warehouse; files that cannot
 * be read are recorded as failed and the source moves on.
 */
@ExtendWith(EmbeddedStack.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileSourcesIT {

    static final Path SUPERSTORE = Path.of("samples", "superstore.csv");
    private static final Charset CP1252 = Charset.forName("windows-1252");

    private LoadedConfig config;
    private Infrastructure infra;
    private PipelineRuntime runtime;
    private SourcesRuntime sources;
    private S3Client s3;

    @BeforeAll
    void startPipelineWithTheS3SourceWatchingThreePrefixes() throws IOException {
        assertThat(SUPERSTORE).as("the Superstore dataset beside the repository").exists();
        Path brokenMapping = EmbeddedStack.servers().baseDir().resolve("broken-files.yml");
        Files.writeString(brokenMapping, Files.readString(Path.of("config/mappings/superstore.yml"))
                .replace("source: superstore", "source: broken-files"));
        config = EmbeddedStack.configFor("files", "", String.join("\n",
                "  s3:",
                "    enabled: true",
                "    poll-interval: 300ms",
                "    rows-per-transaction: 2000",
                "    prefixes:",
                "      - prefix: incoming/superstore/",
                "        mapping: config/mappings/superstore.yml",
                "      - prefix: incoming/erp/",
                "        mapping: config/mappings/vendas-ptbr.yml",
                "      - prefix: incoming/broken/",
                "        mapping: " + brokenMapping));
        infra = Infrastructure.start(config.etl(), new Shutdown());
        runtime = new PipelineRuntime(config, infra);
        sources = new SourcesRuntime(config.etl(), runtime.topics, infra, Map.of());
        s3 = infra.s3Client();
    }

    @AfterAll
    void stop() throws Exception {
        sources.close();
        runtime.close();
        s3.close();
    }

    @Test
    void shouldLoadTheSuperstoreExportDroppedInS3AndReproduceItsPublishedTotalsExactly() throws Exception {
        put("incoming/superstore/superstore.csv", Files.readAllBytes(SUPERSTORE));

        awaitTrue(() -> count("SELECT count(*) FROM sale_line WHERE source = 'superstore'") == 9994, Duration.ofMinutes(3),
                () -> diagnose("superstore"));

        try (Connection c = runtime.warehouse().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT sale_id), count(DISTINCT customer_id), "
                     + "count(DISTINCT sku), sum(net_amount), sum(quantity), sum((attributes->>'profit')::numeric) "
                     + "FROM sale_line WHERE source = 'superstore'")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(9994);
            assertThat(rs.getLong(2)).isEqualTo(5009);
            assertThat(rs.getLong(3)).isEqualTo(793);
            assertThat(rs.getLong(4)).isEqualTo(1862);
            assertThat(rs.getBigDecimal(5)).isEqualByComparingTo("2297200.8603");
            assertThat(rs.getBigDecimal(6)).isEqualByComparingTo("37873");
            // the export's Profit column holds float residue (e.g. -8.5794000000001): exact sum, then rounded as published
            assertThat(rs.getBigDecimal(7)).isEqualByComparingTo("286397.021699999999069");
            assertThat(rs.getBigDecimal(7).setScale(4, java.math.RoundingMode.HALF_EVEN)).isEqualByComparingTo("286397.0217");
        }
        assertThat(sums("SELECT category, sum(net_amount) FROM sale_line WHERE source = 'superstore' GROUP BY 1"))
                .containsOnly(Map.entry("Furniture", new BigDecimal("741999.7953")),
                        Map.entry("Office Supplies", new BigDecimal("719047.0320")),
                        Map.entry("Technology", new BigDecimal("836154.0330")));
        assertThat(sums("SELECT extract(year FROM sold_at AT TIME ZONE 'America/New_York')::int::text, sum(net_amount) "
                + "FROM sale_line WHERE source = 'superstore' GROUP BY 1"))
                .containsOnly(Map.entry("2014", new BigDecimal("484247.4981")), Map.entry("2015", new BigDecimal("470532.5090")),
                        Map.entry("2016", new BigDecimal("609205.5980")), Map.entry("2017", new BigDecimal("733215.2552")));
        FileEvent done = fileEvent("s3://files/incoming/superstore/superstore.csv");
        assertThat(done.status()).isEqualTo(FileEvent.Status.DONE);
        assertThat(done.rowsDone()).isEqualTo(9994);

        // and the dashboard's pipeline panel lists the file among the latest, done, with its rows
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        com.fasterxml.jackson.databind.JsonNode file = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (file == null && System.nanoTime() < deadline) {
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                    + runtime.dashboard().port() + "/api/dashboard")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (com.fasterxml.jackson.databind.JsonNode f : br.com.etlvendas.sale.SaleJson.mapper().readTree(body)
                    .path("pipeline").path("files")) {
                if (f.path("uri").asText().equals(done.uri()) && f.path("status").asText().equals("DONE")) {
                    file = f;
                }
            }
            Thread.sleep(200);
        }
        assertThat(file).as("the file in /api/dashboard's pipeline.files").isNotNull();
        assertThat(file.path("rows").asLong()).isEqualTo(9994);
    }

    @Test
    void shouldLoadAnotherLayoutOfTheSameDataWithOnlyANewMappingDroppingDuplicatesAndRejectingBadRows() throws Exception {
        ErpExport export = ErpExport.from(SUPERSTORE);
        put("incoming/erp/vendas-1.csv", export.file(0, 4000, List.of()));
        put("incoming/erp/vendas-2.csv.gz", gzip(export.file(4000, 8000, List.of())));
        put("incoming/erp/vendas-3.csv", export.file(8000, 9994, ErpExport.BAD_ROWS));
        put("incoming/erp/vendas-4-reenvio.csv", export.file(100, 150, List.of()));

        awaitTrue(() -> kpi("vendas-ptbr").total() == 9994 + 50 + ErpExport.BAD_ROWS.size(), Duration.ofMinutes(3),
                () -> diagnose("vendas-ptbr"));

        Reconciler.Accounting a = kpi("vendas-ptbr");
        assertThat(a.loaded()).as("every valid line loaded; " + diagnose("vendas-ptbr")).isEqualTo(9994);
        assertThat(a.duplicates()).as("every re-sent line dropped").isEqualTo(50);
        assertThat(a.rejected()).as("every bad row rejected").isEqualTo(ErpExport.BAD_ROWS.size());
        assertThat(count("SELECT count(*) FROM sale_line WHERE source = 'vendas-ptbr' AND store_city = 'São Paulo'"))
                .as("Windows-1252 text decoded").isPositive();
        try (Connection c = runtime.warehouse().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sum(net_amount), sum((attributes->>'lucro')::numeric) "
                     + "FROM sale_line WHERE source = 'vendas-ptbr'")) {
            rs.next();
            assertThat(rs.getBigDecimal(1)).as("decimal comma read exactly").isEqualByComparingTo("2297200.8603");
            assertThat(rs.getBigDecimal(2)).isEqualByComparingTo("286397.021699999999069");
        }
        Map<String, Long> byReason = RejectionReport.fromStart(runtime.topics.dlq(), infra.bootstrapServers)
                .byReason("vendas-ptbr");
        assertThat(String.join("\n", byReason.keySet()))
                .contains("quantity").contains("sold_at").contains("columns").contains("sale_id").contains("store_state");
    }

    @Test
    void shouldRecordFilesThatCannotBeReadAsFailedAndGoOnWithTheNextOne() throws Exception {
        byte[] good = "\"Row ID\",\"Order ID\",\"Order Date\",\"Ship Date\",\"Ship Mode\",\"Customer ID\",\"Customer Name\",\"Segment\",\"Country\",\"City\",\"State\",\"Postal Code\",\"Region\",\"Product ID\",\"Category\",\"Sub-Category\",\"Product Name\",\"Sales\",\"Quantity\",\"Discount\",\"Profit\"\n\"1\",\"BROKEN-1\",\"11/8/2016\",\"11/11/2016\",\"Second Class\",\"CG-12520\",\"Claire Gute\",\"Consumer\",\"United States\",\"Henderson\",\"Kentucky\",\"42420\",\"South\",\"FUR-BO-10001798\",\"Furniture\",\"Bookcases\",\"Bookcase\",\"261.96\",\"2\",\"0\",\"41.9136\"\n"
                .getBytes(StandardCharsets.UTF_8);
        // own order ids: the same (sale_id, line_no) as another test's lines would be dropped as duplicates, rightly
        byte[] gz = gzip(Files.readString(SUPERSTORE).replace("\"CA-", "\"TRUNC-CA-").replace("\"US-", "\"TRUNC-US-")
                .getBytes(StandardCharsets.UTF_8));
        put("incoming/broken/a-truncated.csv.gz", java.util.Arrays.copyOf(gz, gz.length / 2));
        put("incoming/broken/b-empty.csv", new byte[0]);
        put("incoming/broken/c-sheet.xlsx", "PK\u0003\u0004 not a csv".getBytes(StandardCharsets.UTF_8));
        put("incoming/broken/d-good.csv", good);

        awaitTrue(() -> {
            FileEvent e = fileEvent("s3://files/incoming/broken/d-good.csv");
            return e != null && e.finished();
        }, Duration.ofMinutes(2), () -> diagnose("broken-files"));

        assertThat(fileEvent("s3://files/incoming/broken/a-truncated.csv.gz").status()).isEqualTo(FileEvent.Status.FAILED);
        assertThat(fileEvent("s3://files/incoming/broken/b-empty.csv")).satisfies(e -> {
            assertThat(e.status()).isEqualTo(FileEvent.Status.FAILED);
            assertThat(e.message()).containsIgnoringCase("empty");
        });
        assertThat(fileEvent("s3://files/incoming/broken/c-sheet.xlsx")).satisfies(e -> {
            assertThat(e.status()).isEqualTo(FileEvent.Status.FAILED);
            assertThat(e.message()).isNotBlank();
        });
        assertThat(fileEvent("s3://files/incoming/broken/d-good.csv").status()).isEqualTo(FileEvent.Status.DONE);
        awaitTrue(() -> count("SELECT count(*) FROM sale_line WHERE sale_id = 'BROKEN-1'") == 1, Duration.ofMinutes(1),
                () -> diagnose("broken-files"));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(infra.bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private Reconciler.Accounting kpi(String source) {
        return new Reconciler(new br.com.etlvendas.load.postgres.WarehouseQueries(runtime.warehouse()), runtime.kpis())
                .measure(source);
    }

    private long count(String sql) {
        try (Connection c = runtime.warehouse().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, BigDecimal> sums(String sql) throws java.sql.SQLException {
        Map<String, BigDecimal> out = new HashMap<>();
        try (Connection c = runtime.warehouse().getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros().setScale(4));
            }
        }
        return out;
    }

    /** The latest committed event of the file with this URI (any version), or null. */
    private FileEvent fileEvent(String uri) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        FileEvent latest = null;
        try (KafkaConsumer<String, FileEvent> c = new KafkaConsumer<>(props, runtime.topics.files().keySerde().deserializer(),
                runtime.topics.files().valueSerde().deserializer())) {
            List<TopicPartition> tps = c.partitionsFor(runtime.topics.files().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            Map<TopicPartition, Long> end = c.endOffsets(tps);
            while (tps.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() != null && r.value().uri().equals(uri)) {
                        latest = r.value();
                    }
                }
            }
        }
        return latest;
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + "; " + state.get());
            }
            Thread.sleep(250);
        }
    }

    /** Where a source's lines are, and why any were rejected: the message a failing wait shows. */
    private String diagnose(String source) {
        return kpi(source) + " health=" + runtime.health() + " rejected by reason="
                + RejectionReport.fromStart(runtime.topics.dlq(), infra.bootstrapServers).byReason(source);
    }

    /**
     * The Superstore rows rewritten as a Brazilian ERP would export them: Portuguese headers, ';', decimal
     * comma with '.' thousands, dd/MM/yyyy dates, Windows-1252, CRLF; order ids prefixed with BR- so that
     * they are other sales than the Superstore test's.
     */
    record ErpExport(List<CSVRecord> rows) {

        static final String HEADER = "Pedido;Data do Pedido;Loja;Cidade;UF;Canal;Forma de Pagamento;Cód. Cliente;Cliente;"
                + "CPF/CNPJ;Item;Cód. Produto;Produto;Categoria;Qtd;Preço Unitário;Desconto (R$);Valor Líquido;Lucro";
        static final List<String> BAD_ROWS = List.of(
                "BAD-1;08/11/2016;LOJA-01;São Paulo;SP;Site;PIX;C1;Ana;;1;SKU-1;Produto;Casa;dois;;;10,00;1,00",
                "BAD-2;31/02/2017;LOJA-01;São Paulo;SP;Site;PIX;C1;Ana;;1;SKU-1;Produto;Casa;1;;;10,00;1,00",
                "BAD-3;08/11/2016;LOJA-01;São Paulo;SP;Site",
                ";08/11/2016;LOJA-01;São Paulo;SP;Site;PIX;C1;Ana;;1;SKU-1;Produto;Casa;1;;;10,00;1,00",
                "BAD-5;08/11/2016;LOJA-01;São Paulo;XX;Site;PIX;C1;Ana;;1;SKU-1;Produto;Casa;1;;;10,00;1,00");
        private static final String[] CITIES = {"São Paulo", "Florianópolis", "Brasília", "Goiânia", "Belém"};
        private static final String[] UFS = {"SP", "SC", "DF", "GO", "PA"};
        private static final String[] PAYMENTS = {"PIX", "Cartão de Crédito", "Cartão de Débito", "Boleto"};

        static ErpExport from(Path superstore) throws IOException {
            try (Reader r = Files.newBufferedReader(superstore, StandardCharsets.UTF_8)) {
                return new ErpExport(CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords());
            }
        }

        byte[] file(int from, int to, List<String> extraRows) {
            StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
            DateTimeFormatter us = DateTimeFormatter.ofPattern("M/d/yyyy");
            DateTimeFormatter br = DateTimeFormatter.ofPattern("dd/MM/yyyy");
            for (int i = from; i < to; i++) {
                CSVRecord r = rows.get(i);
                int k = Math.floorMod(r.get("Order ID").hashCode(), CITIES.length);
                sb.append(String.join(";", "BR-" + r.get("Order ID"),
                        LocalDate.parse(r.get("Order Date"), us).format(br), "LOJA-0" + (1 + k), CITIES[k], UFS[k], "Site",
                        PAYMENTS[Math.floorMod(r.get("Customer ID").hashCode(), PAYMENTS.length)], r.get("Customer ID"),
                        r.get("Customer Name"), "", r.get("Row ID"), r.get("Product ID"),
                        '"' + r.get("Product Name").replace("\"", "\"\"") + '"', r.get("Category"), r.get("Quantity"), "", "",
                        brazilian(r.get("Sales")), brazilian(r.get("Profit")))).append("\r\n");
            }
            extraRows.forEach(row -> sb.append(row).append("\r\n"));
            return sb.toString().getBytes(CP1252);
        }

        /** 1234.5678 → 1.234,5678 */
        static String brazilian(String plain) {
            BigDecimal n = new BigDecimal(plain);
            String s = n.abs().toPlainString();
            String intPart = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
            String frac = s.contains(".") ? s.substring(s.indexOf('.') + 1) : "";
            StringBuilder grouped = new StringBuilder();
            for (int i = 0; i < intPart.length(); i++) {
                if (i > 0 && (intPart.length() - i) % 3 == 0) {
                    grouped.append('.');
                }
                grouped.append(intPart.charAt(i));
            }
            return (n.signum() < 0 ? "-" : "") + grouped + (frac.isEmpty() ? "" : "," + frac);
        }
    }
}
