package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.serve.KpiTotalsView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enrichment on the embedded stack: products from the sample CSV catalogue, stores from a table in a database
 * (an ERP's), brand and region in the warehouse's columns, lines of products and stores the catalogues lack
 * flagged there and counted in the KPIs, and a change to the store table reaching later sales after a refresh.
 */
@ExtendWith(EmbeddedStack.class)
class EnrichmentIT {

    private static final String NAME = "enrichment";

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenCataloguesFromAFileAndATableWhenSalesFlowThenTheWarehouseHasBrandsAndRegionsAndTheUnknownFlagged()
            throws Exception {
        // given a store table in a database, without store AC-001, and the shipped product catalogue (which lacks
        // MER-0003 and MER-0004)
        EmbeddedStack.configFor(NAME, String.join("\n",
                "    sales-per-second: 2000",
                "    invalid-fraction: 0",
                "    duplicate-fraction: 0",
                "    correction-fraction: 0",
                "    cancellation-fraction: 0",
                "    seed: 20261130"));
        Path dir = EmbeddedStack.configDir(NAME);
        LoadedConfig plain = load(dir);
        String jdbcUrl = plain.etl().warehouse().jdbcUrl().orElseThrow();
        String user = plain.etl().warehouse().user();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA erp");
            st.execute("CREATE TABLE erp.loja (codigo text PRIMARY KEY, nome text, cidade text, uf char(2), regiao text)");
            try (var rows = Files.lines(Path.of("samples/catalog/stores.csv")).skip(1)) {
                for (String row : (Iterable<String>) rows::iterator) {
                    String[] f = row.split(",");
                    if (!f[0].equals("AC-001")) {
                        st.execute("INSERT INTO erp.loja VALUES ('" + f[0] + "', '" + f[1] + "', '" + f[2] + "', '" + f[3]
                                + "', '" + f[4] + "')");
                    }
                }
            }
        }
        Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "enrichment:",
                "  refresh-interval: 1s",
                "  products:",
                "    file: samples/catalog/products.csv",
                "  stores:",
                "    jdbc-url: " + jdbcUrl,
                "    user: " + user,
                "    query: SELECT codigo AS store_id, nome AS name, cidade AS city, uf AS state, regiao AS region FROM erp.loja",
                ""), StandardOpenOption.APPEND);
        LoadedConfig config = load(dir);

        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra)) {
            // when a first run of sales flows
            generate(runtime, config, infra, "enrich-1", 1500);

            // then every line of a catalogued product has its brand, every line of a catalogued store its region
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM sale_line")).isGreaterThan(1000);
                assertThat(count(st, "SELECT count(*) FROM sale_line WHERE sku NOT IN ('MER-0003', 'MER-0004') "
                        + "AND (brand IS NULL OR enrichment_flag LIKE '%unknown_product%')")).isZero();
                assertThat(count(st, "SELECT count(*) FROM sale_line WHERE sku = 'MER-0001' AND brand <> 'Pilão'")).isZero();
                assertThat(count(st, "SELECT count(*) FROM sale_line WHERE store_id <> 'AC-001' "
                        + "AND (store_region IS NULL OR enrichment_flag LIKE '%unknown_store%')")).isZero();
                assertThat(count(st, "SELECT count(*) FROM sale_line WHERE store_id = 'SP-002' AND store_region <> 'Sudeste'"))
                        .isZero();
                long unknownProducts = count(st, "SELECT count(*) FROM sale_line WHERE enrichment_flag LIKE '%unknown_product%'");
                long unknownStores = count(st, "SELECT count(*) FROM sale_line WHERE enrichment_flag LIKE '%unknown_store%'");
                assertThat(unknownProducts).as("lines of MER-0003/MER-0004, loaded and flagged").isEqualTo(
                        count(st, "SELECT count(*) FROM sale_line WHERE sku IN ('MER-0003', 'MER-0004')")).isPositive();
                assertThat(unknownStores).as("lines of AC-001, loaded and flagged").isEqualTo(
                        count(st, "SELECT count(*) FROM sale_line WHERE store_id = 'AC-001'")).isPositive();
                assertThat(count(st, "SELECT count(*) FROM dim_product WHERE sku = 'MER-0001' AND brand = 'Pilão'"))
                        .as("the analysts' product dimension has the brand").isEqualTo(1);
                assertThat(count(st, "SELECT count(*) FROM fact_sale_line WHERE store_region IS NULL")).isEqualTo(unknownStores);
                KpiTotalsView.KpiSummary kpi = runtime.kpis().total();
                assertThat(kpi.unknownProductLines()).as("counted in the KPIs").isEqualTo(unknownProducts);
                assertThat(kpi.unknownStoreLines()).isEqualTo(unknownStores);

                // and when the ERP adds AC-001 and renames AM-001's region, the next sales carry the change
                st.execute("INSERT INTO erp.loja VALUES ('AC-001', 'Loja Rio Branco', 'Rio Branco', 'AC', 'Norte')");
                st.execute("UPDATE erp.loja SET regiao = 'Amazônia Legal' WHERE codigo = 'AM-001'");
            }
            Thread.sleep(3_000); // three refresh intervals
            generate(runtime, config, infra, "enrich-2", 1500);
            try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement st = c.createStatement()) {
                Map<String, Long> newRegions = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT store_id || '|' || coalesce(store_region, '-'), count(*) "
                        + "FROM sale_line WHERE source LIKE '%enrich-2%' AND store_id IN ('AC-001', 'AM-001') GROUP BY 1")) {
                    while (rs.next()) {
                        newRegions.put(rs.getString(1), rs.getLong(2));
                    }
                }
                assertThat(newRegions.keySet()).as("second run's regions").containsOnly("AC-001|Norte", "AM-001|Amazônia Legal");
            }
        }
    }

    private static LoadedConfig load(Path dir) {
        return new ConfigLoader(Map.of("IT_S3_ACCESS_KEY", EmbeddedStack.S3_ACCESS_KEY,
                "IT_S3_SECRET_KEY", EmbeddedStack.S3_SECRET_KEY)).load(dir.resolve("etl-config.yml"), dir.resolve("topics.yml"));
    }

    private static void generate(PipelineRuntime runtime, LoadedConfig config, Infrastructure infra, String run, long sales)
            throws Exception {
        GeneratedRun generated = GeneratedRun.accountedFor(runtime, config, infra, run, sales);
        assertThat(generated.accounting().loaded()).as("every line loaded, none rejected")
                .isEqualTo(generated.ledger().lines());
    }

    private static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
