package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.s3.S3Clients;
import br.com.etlvendas.it.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9's acceptance of the data lake: after an {@code ingest} of the Superstore export, DuckDB reading the lake
 * (from the embedded S3 server) gives the warehouse's line count and revenue; after a run with corrections and
 * cancellations, the shipped query {@code deploy/lake/sale_line_current.sql} gives the warehouse's line count and
 * revenue per currency. Both lakes roll batches only after an hour, so what they hold was stored because the run
 * asked for it.
 */
@ExtendWith(EmbeddedStack.class)
class LakeAcceptanceIT {

    private static final Path CURRENT_LINES_SQL = Path.of("deploy", "lake", "sale_line_current.sql");
    private static final String SUPERSTORE = Path.of("samples", "superstore.csv").toString();

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenTheSuperstoreExportWhenIngestedThenDuckDbReadingTheLakeGivesTheWarehousesLineCountAndRevenue() throws Exception {
        // given the shipped lake settings (on S3, the embedded server) with batches that stay open for an hour
        LoadedConfig config = EmbeddedStack.configFor("lake-superstore", "", String.join("\n",
                "lake:",
                "  enabled: true",
                "  target: s3",
                "  roll-interval: 1h",
                "  consumer-group: lake-superstore-lake"));
        Path dir = EmbeddedStack.configDir("lake-superstore");

        // when
        CliRun run = CliRun.of("ingest", SUPERSTORE, "--mapping", "config/mappings/superstore.yml",
                "--config", dir.resolve("etl-config.yml").toString(), "--topics", dir.resolve("topics.yml").toString());

        // then the run says the lake caught up, and the lake holds what the warehouse holds
        assertThat(run.exitCode()).as(run.printed()).isZero();
        assertThat(run.out()).contains("loaded totals: lines=9994").contains("lake: caught up with the end of the run in s3://");
        Path lake = download(config, tmp.resolve("download"));
        Totals warehouse = warehouseTotals(config).get("USD");
        assertThat(warehouse).isEqualTo(new Totals(9994, new BigDecimal("2297200.8603")));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(net_amount) FILTER (WHERE status = 'COMPLETED'), "
                     + "count(DISTINCT (sale_id, line_no)) FROM read_parquet('" + glob(lake) + "', hive_partitioning = true)")) {
            rs.next();
            assertThat(new Totals(rs.getLong(1), rs.getBigDecimal(2))).isEqualTo(warehouse);
            assertThat(rs.getLong(3)).as("no line twice").isEqualTo(9994);
        }
        assertThat(currentLinesByCurrency(glob(lake))).isEqualTo(Map.of("USD", warehouse));
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void givenCorrectionsAndCancellationsWhenTheRunEndsThenTheShippedQueryOverTheLakeGivesTheWarehousesCountAndRevenuePerCurrency()
            throws Exception {
        // given generated sales with many corrections and cancellations, a local lake with batches open for an hour
        Path lakeDir = tmp.resolve("lake");
        LoadedConfig config = EmbeddedStack.configFor("lake-versions", String.join("\n",
                "    sales-per-second: 2000",
                "    invalid-fraction: 0",
                "    duplicate-fraction: 0.02",
                "    correction-fraction: 0.15",
                "    cancellation-fraction: 0.08",
                "    seed: 20261201"), String.join("\n",
                "lake:",
                "  enabled: true",
                "  target: local",
                "  path: " + lakeDir,
                "  roll-interval: 1h",
                "  consumer-group: lake-versions-lake"));
        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra)) {
            // when the run ends: every line accounted for in the warehouse, then the lake caught up as ingest does
            Reconciler.Accounting a = GeneratedRun.accountedFor(runtime, config, infra, "lake-versions-run", 1500).accounting();
            assertThat(a.versions().updated()).as("corrections happened").isPositive();
            assertThat(a.versions().removed()).as("whole versions removed lines").isPositive();
            LakeCatchUp.Outcome lake = LakeCatchUp.await(runtime.lakeOrNull(), runtime.topics.clean(),
                    infra.bootstrapServers, Duration.ofMinutes(1));
            assertThat(lake.ok()).as(lake.line()).isTrue();

            // then the shipped query gives, per currency, the warehouse's lines and revenue
            Map<String, Totals> warehouse = warehouseTotals(config);
            assertThat(warehouse).isNotEmpty();
            String glob = glob(lakeDir);
            assertThat(currentLinesByCurrency(glob)).isEqualTo(warehouse);
            // and the lake does hold versions: more rows than the warehouse, whole versions and cancelled lines among them
            try (Connection duck = duckWithQuery(); Statement st = duck.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*), count(*) FILTER (WHERE revision = 'WHOLE'), "
                         + "count(*) FILTER (WHERE status = 'CANCELLED') FROM lake_rows('" + glob + "')")) {
                rs.next();
                long warehouseLines = warehouse.values().stream().mapToLong(Totals::lines).sum();
                assertThat(rs.getLong(1)).isGreaterThan(warehouseLines);
                assertThat(rs.getLong(2)).isPositive();
                assertThat(rs.getLong(3)).isPositive();
            }
        }
    }

    /** Lines and revenue (completed sales) per currency, as the warehouse holds them. */
    private static Map<String, Totals> warehouseTotals(LoadedConfig config) throws Exception {
        var wh = config.etl().warehouse();
        Map<String, Totals> totals = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(wh.jdbcUrl().orElseThrow(), wh.user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT currency, count(*), coalesce(sum(net_amount) FILTER "
                     + "(WHERE status = 'COMPLETED'), 0) FROM sale_line GROUP BY currency")) {
            while (rs.next()) {
                totals.put(rs.getString(1), new Totals(rs.getLong(2), rs.getBigDecimal(3)));
            }
        }
        return totals;
    }

    private static Map<String, Totals> currentLinesByCurrency(String glob) throws Exception {
        Map<String, Totals> totals = new TreeMap<>();
        try (Connection duck = duckWithQuery(); Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT currency, count(*), coalesce(sum(net_amount) FILTER "
                     + "(WHERE status = 'COMPLETED'), 0) FROM sale_line_current('" + glob + "') GROUP BY currency")) {
            while (rs.next()) {
                totals.put(rs.getString(1), new Totals(rs.getLong(2), rs.getBigDecimal(3)));
            }
        }
        return totals;
    }

    private static Connection duckWithQuery() throws Exception {
        Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement st = duck.createStatement()) {
            st.execute(Files.readString(CURRENT_LINES_SQL));
        }
        return duck;
    }

    /** The lake's Parquet files copied from the embedded S3 server (DuckDB's httpfs cannot be installed offline). */
    private static Path download(LoadedConfig config, Path dir) throws Exception {
        var servers = EmbeddedStack.servers();
        String bucket = config.etl().s3().bucket();
        String prefix = config.etl().lake().prefix();
        int files = 0;
        try (S3Client s3 = S3Clients.create(servers.s3().endpoint(), "us-east-1", EmbeddedStack.S3_ACCESS_KEY,
                EmbeddedStack.S3_SECRET_KEY)) {
            for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                if (o.key().endsWith(".parquet")) {
                    Path target = dir.resolve(o.key());
                    Files.createDirectories(target.getParent());
                    s3.getObject(b -> b.bucket(bucket).key(o.key()), target);
                    files++;
                }
            }
        }
        assertThat(files).as("Parquet files in s3://%s/%s", bucket, prefix).isPositive();
        return dir.resolve(prefix);
    }

    private static String glob(Path lake) {
        return lake.toString().replace("'", "''") + "/**/*.parquet";
    }

    /** Lines and revenue, compared at the value (the warehouse's numeric and DuckDB's decimal differ in scale). */
    private record Totals(long lines, BigDecimal revenue) {
        Totals {
            revenue = revenue.stripTrailingZeros();
        }
    }
}
