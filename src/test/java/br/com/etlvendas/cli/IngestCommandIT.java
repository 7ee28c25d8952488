package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.s3.S3Clients;
import br.com.etlvendas.it.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code etl-vendas ingest} run in-process as a user runs it, against the shared real Kafka, PostgreSQL and
 * S3: files go through the whole pipeline into the warehouse and the run ends with a reconciliation whose
 * books balance, rejections counted by reason and the loaded totals; wrong arguments exit 2 before anything
 * starts.
 */
@ExtendWith(EmbeddedStack.class)
class IngestCommandIT {

    private static final String SUPERSTORE = Path.of("samples", "superstore.csv").toString();
    private static final Charset CP1252 = Charset.forName("windows-1252");
    private static final String ERP_HEADER = "Pedido;Data do Pedido;Loja;Cidade;UF;Canal;Forma de Pagamento;Cód. Cliente;"
            + "Cliente;CPF/CNPJ;Item;Cód. Produto;Produto;Categoria;Qtd;Preço Unitário;Desconto (R$);Valor Líquido;Lucro";

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static String[] ingest(String configName, String mapping, String... inputs) {
        Path dir = EmbeddedStack.configDir(configName);
        List<String> args = new ArrayList<>(List.of("ingest"));
        args.addAll(List.of(inputs));
        args.addAll(List.of("--mapping", mapping,
                "--config", dir.resolve("etl-config.yml").toString(),
                "--topics", dir.resolve("topics.yml").toString()));
        return args.toArray(String[]::new);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenTheSuperstoreExportWhenIngestedThenTheBooksBalanceAndTheLoadedTotalsAreThePublishedOnes() {
        // given a configuration on the shared servers with this test's own topics and application id
        EmbeddedStack.configFor("ingest-superstore", "");
        assertThat(Path.of(SUPERSTORE)).as("the Superstore dataset beside the repository").exists();

        // when
        CliRun run = run(ingest("ingest-superstore", "config/mappings/superstore.yml", SUPERSTORE));

        // then
        assertThat(run.exitCode()).as(run.printed()).isZero();
        assertThat(run.out())
                .contains("files=1 failed_files=0")
                .contains("reconciliation: rows_read=9994 loaded=9994 rejected=0 duplicates=0 "
                        + "loaded+rejected+duplicates=9994 (OK)")
                .contains("loaded totals: lines=9994 orders=5009 customers=793 products=1862 quantity=37873 "
                        + "net_amount=2297200.8603")
                .doesNotContain("rejected by reason:");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenAWarehouseThatRefusesOneSaleWhenIngestedThenTheRefusedLinesAreCountedAsRejectedAndTheBooksBalance(
            @TempDir Path dir) throws IOException {
        // given the first 30 rows of the export, and a warehouse rule refusing one product: the line holding it
        // passes validation but cannot be loaded
        LoadedConfig config = EmbeddedStack.configFor("ingest-refusal", "");
        var warehouse = config.etl().warehouse();
        try (var ds = br.com.etlvendas.load.postgres.WarehouseDataSource.create(warehouse.jdbcUrl().orElseThrow(),
                warehouse.user(), "", "ingest-refusal-it");
             Connection c = ds.getConnection(); var st = c.createStatement()) {
            br.com.etlvendas.load.postgres.WarehouseSchema.migrate(ds);
            st.execute("ALTER TABLE sale_line ADD CONSTRAINT it_refuse_bookcase CHECK (sku <> 'FUR-BO-10001798')");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Path file = dir.resolve("superstore-30.csv");
        Files.write(file, Files.readAllLines(Path.of(SUPERSTORE)).subList(0, 31));

        // when
        CliRun run = run(ingest("ingest-refusal", "config/mappings/superstore.yml", file.toString()));

        // then the refused lines are neither lost nor a mismatch, and the report names the warehouse's reason
        assertThat(run.exitCode()).as(run.printed()).isZero();
        assertThat(run.out())
                .contains("reconciliation: rows_read=30 loaded=29 rejected=1 duplicates=0 loaded+rejected+duplicates=30 (OK)"
                        + " (rejected includes 1 refused by the warehouse after validation)")
                .contains("rejected by reason:\n       1  warehouse refused the sale")
                .contains("violates check constraint \"it_refuse_bookcase\"\n")
                .doesNotContain("Failing row contains");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenTheSuperstoreExportInAnS3PrefixWhenIngestedFromS3ThenEveryObjectUnderThePrefixIsLoaded() throws IOException {
        // given the export split into two objects (one gzipped) under a prefix of the configured bucket
        LoadedConfig config = EmbeddedStack.configFor("ingest-s3", "");
        List<String> lines = Files.readAllLines(Path.of(SUPERSTORE));
        String header = lines.get(0);
        byte[] first = (String.join("\n", lines.subList(0, 5001)) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] second = (header + "\n" + String.join("\n", lines.subList(5001, lines.size())) + "\n").getBytes(StandardCharsets.UTF_8);
        var servers = EmbeddedStack.servers();
        try (var s3 = S3Clients.create(servers.s3().endpoint(), "us-east-1", EmbeddedStack.S3_ACCESS_KEY,
                EmbeddedStack.S3_SECRET_KEY)) {
            String bucket = config.etl().s3().bucket();
            s3.createBucket(b -> b.bucket(bucket));
            s3.putObject(b -> b.bucket(bucket).key("exports/2017/part-1.csv"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(first));
            s3.putObject(b -> b.bucket(bucket).key("exports/2017/part-2.csv.gz"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(gzip(second)));
            s3.putObject(b -> b.bucket(bucket).key("elsewhere/ignored.csv"),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(first));

            // when
            CliRun run = run(ingest("ingest-s3", "config/mappings/superstore.yml", "s3://" + bucket + "/exports/"));

            // then
            assertThat(run.exitCode()).as(run.printed()).isZero();
            assertThat(run.out())
                    .contains("files=2 failed_files=0")
                    .contains("reconciliation: rows_read=9994 loaded=9994 rejected=0 duplicates=0")
                    .contains("loaded totals: lines=9994 orders=5009 customers=793 products=1862 quantity=37873 "
                            + "net_amount=2297200.8603");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenADirectoryOfErpExportsWithBadRowsAndResentLinesWhenIngestedThenValidLinesLoadBadRowsAreRejectedByReasonAndDuplicatesDropped(
            @TempDir Path dir) throws IOException, SQLException {
        // given a Brazilian ERP export in Windows-1252 with CRLF: 4 valid lines and 3 bad rows in a plain file ...
        List<String> firstValid = List.of(
                "ING-1001;08/11/2016 14:30;LOJA-01;São Paulo;SP;Loja;Cartão de Crédito;C-001;João Araújo;;1;SKU-CAF-01;"
                        + "Café Especial 500g;Mercearia;2;1.234,50;10,00;2.459,00;300,00",
                "ING-1001;08/11/2016 14:30;LOJA-01;São Paulo;SP;Loja;Cartão de Crédito;C-001;João Araújo;;2;SKU-PAO-02;"
                        + "Pão de Queijo;Padaria;3;;;45,90;5,10",
                "ING-1002;09/11/2016;LOJA-02;Florianópolis;SC;Site;PIX;C-002;Conceição Simões;;1;SKU-CAF-01;"
                        + "Café Especial 500g;Mercearia;1;;;1.234,5678;100,00",
                "ING-1003;10/11/2016;LOJA-03;Brasília;DF;App;Boleto;C-003;Inês Müller;;1;SKU-CAD-03;"
                        + "Caderno Universitário;Papelaria;4;12,25;0,00;49,00;8,00");
        List<String> badRows = List.of(
                "ING-BAD-1;08/11/2016;LOJA-01;São Paulo;SP;Site;PIX;C-009;Ana;;1;SKU-CAF-01;Café;Mercearia;dois;;;10,00;1,00",
                "ING-BAD-2;31/02/2017;LOJA-01;São Paulo;SP;Site;PIX;C-009;Ana;;1;SKU-CAF-01;Café;Mercearia;1;;;10,00;1,00",
                "ING-BAD-3;08/11/2016;LOJA-01;São Paulo;SP;Site");
        List<String> first = new ArrayList<>(firstValid);
        first.add(2, badRows.get(0));
        first.addAll(badRows.subList(1, 3));
        Files.write(dir.resolve("vendas-1.csv"), erpFile(first));
        // ... and 3 new valid lines plus 2 lines of the first file sent again, in a gzipped second file
        List<String> secondValid = List.of(
                "ING-2001;15/12/2017;LOJA-04;Goiânia;GO;Marketplace;Cartão de Débito;C-004;André Gonçalves;;1;SKU-CAF-01;"
                        + "Café Especial 500g;Mercearia;10;;;11.000,00;1.500,00",
                "ING-2002;16/12/2017;LOJA-05;Belém;PA;Site;Dinheiro;C-005;Cecília Brandão;;1;SKU-ACA-05;"
                        + "Açaí 1kg;Mercearia;5;;;99,75;20,00",
                "ING-2002;16/12/2017;LOJA-05;Belém;PA;Site;Dinheiro;C-005;Cecília Brandão;;2;SKU-PAO-02;"
                        + "Pão de Queijo;Padaria;1;;;15,30;1,70");
        List<String> second = new ArrayList<>(secondValid);
        second.add(1, firstValid.get(1));
        second.add(firstValid.get(2));
        Files.write(dir.resolve("vendas-2-reenvio.csv.gz"), gzip(erpFile(second)));
        // and a configuration with this test's own topics and application id
        LoadedConfig erp = EmbeddedStack.configFor("ingest-erp", "");

        // when
        CliRun run = run(ingest("ingest-erp", "config/mappings/vendas-ptbr.yml", dir.toString()));

        // then no file failed and the books balance: bad rows are rejected, not a failure of their file
        assertThat(run.exitCode()).as(run.printed()).isZero();
        assertThat(run.out()).as(run.printed())
                .contains("files=2 failed_files=0")
                .contains("reconciliation: rows_read=12 loaded=7 rejected=3 duplicates=2 "
                        + "loaded+rejected+duplicates=12 (OK)")
                // 7 lines of 5 orders, decimal comma and '.' thousands read exactly
                .contains("loaded totals: lines=7 orders=5 customers=5 products=4 quantity=26 net_amount=14903.5178");
        Map<String, Long> byReason = rejectedByReason(run.out());
        assertThat(byReason).as(run.printed()).hasSize(3).allSatisfy((reason, n) -> assertThat(n).isEqualTo(1L));
        assertThat(byReason.keySet()).as(run.printed())
                .anySatisfy(r -> assertThat(r).contains("quantity"))
                .anySatisfy(r -> assertThat(r).contains("sold_at"))
                .anySatisfy(r -> assertThat(r).contains("columns"));
        // and Windows-1252 text reached the warehouse as the same words
        assertThat(citiesLoadedFrom(erp.etl().warehouse().jdbcUrl().orElseThrow(), sourceOf(run.out())))
                .containsExactlyInAnyOrder("São Paulo", "Florianópolis", "Brasília", "Goiânia", "Belém");
    }

    @Test
    void givenAnInputThatDoesNotExistOrNoMappingWhenIngestingThenItExitsTwoNamingWhatIsWrong() {
        // given
        EmbeddedStack.configFor("ingest-args", "");
        String missing = Path.of("target", "no-such-dir", "vendas.csv").toString();

        // when
        CliRun noSuchPath = run(ingest("ingest-args", "config/mappings/vendas-ptbr.yml", missing));
        CliRun noMapping = run("ingest", "x.csv");

        // then
        assertThat(noSuchPath.exitCode()).as(noSuchPath.printed()).isEqualTo(2);
        assertThat(noSuchPath.err()).contains(missing).contains("no such file or directory");
        assertThat(noSuchPath.out()).doesNotContain("reconciliation:");
        assertThat(noMapping.exitCode()).as(noMapping.printed()).isEqualTo(2);
        assertThat(noMapping.err()).contains("--mapping");
        assertThat(noMapping.out()).doesNotContain("reconciliation:");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** The ERP's export layout: header, ';' rows, CRLF line ends, Windows-1252 bytes. */
    private static byte[] erpFile(List<String> rows) {
        StringBuilder sb = new StringBuilder(ERP_HEADER).append("\r\n");
        rows.forEach(r -> sb.append(r).append("\r\n"));
        return sb.toString().getBytes(CP1252);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** The "rejected by reason:" section of the report: reason shape → count. */
    private static Map<String, Long> rejectedByReason(String out) {
        Map<String, Long> reasons = new LinkedHashMap<>();
        int at = out.indexOf("rejected by reason:");
        if (at < 0) {
            return reasons;
        }
        Pattern entry = Pattern.compile("^\\s+(\\d+)  (.+)$");
        for (String line : out.substring(at).lines().skip(1).toList()) {
            Matcher m = entry.matcher(line);
            if (!m.matches()) {
                break;
            }
            reasons.put(m.group(2), Long.parseLong(m.group(1)));
        }
        return reasons;
    }

    private static String sourceOf(String out) {
        Matcher m = Pattern.compile("ingest: source=(\\S+) ").matcher(out);
        assertThat(m.find()).as("the report names its source: " + out).isTrue();
        return m.group(1);
    }

    private static List<String> citiesLoadedFrom(String jdbcUrl, String source) throws SQLException {
        var pg = EmbeddedStack.servers().postgres();
        List<String> cities = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, pg.user(), "");
             PreparedStatement ps = c.prepareStatement("SELECT DISTINCT store_city FROM sale_line WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    cities.add(rs.getString(1));
                }
            }
        }
        return cities;
    }
}
