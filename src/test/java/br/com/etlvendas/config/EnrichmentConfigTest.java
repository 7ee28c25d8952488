package br.com.etlvendas.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class EnrichmentConfigTest {

    @TempDir
    Path dir;

    private LoadedConfig load(String etlYaml, Map<String, String> env) throws IOException {
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), etlYaml);
        return new ConfigLoader(env).load(etl, Path.of("config", "topics.yml"));
    }

    @Test
    void shouldLeaveEnrichmentOffWhenNoCatalogueIsConfigured() throws IOException {
        EnrichmentConfig e = load("data-dir: " + dir + "\n", Map.of()).etl().enrichment();

        assertThat(e.enabled()).isFalse();
        assertThat(e.products()).isEmpty();
        assertThat(e.stores()).isEmpty();
    }

    @Test
    void shouldReadAProductFileAndAStoreQuery() throws IOException {
        Path products = Files.writeString(dir.resolve("p.csv"), "sku,name,category,brand\n");

        EnrichmentConfig e = load("enrichment:\n  refresh-interval: 30s\n  products:\n    file: " + products + "\n"
                + "  stores:\n    jdbc-url: jdbc:postgresql://erp:5432/erp\n    user: etl\n    password: ${ERP_PASSWORD}\n"
                + "    query: SELECT codigo AS store_id, nome AS name, cidade AS city, uf AS state, regiao AS region FROM loja\n",
                Map.of("ERP_PASSWORD", "s3cr3t")).etl().enrichment();

        assertThat(e.enabled()).isTrue();
        assertThat(e.products().orElseThrow().file()).contains(products);
        assertThat(e.stores().orElseThrow().jdbcUrl()).contains("jdbc:postgresql://erp:5432/erp");
        assertThat(e.stores().orElseThrow().password().reveal()).isEqualTo("s3cr3t");
        assertThat(e.refreshInterval()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldListEveryProblemOfTheEnrichmentSectionTogether() throws IOException {
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), "enrichment:\n  refresh-interval: 1ms\n"
                + "  products:\n    file: " + dir.resolve("missing.csv") + "\n"
                + "  stores:\n    jdbc-url: jdbc:postgresql://erp/erp\n    password: literal\n    colour: blue\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(etl, Path.of("config", "topics.yml")));

        assertThat(e.problems()).extracting(ConfigProblem::path).contains("enrichment.refresh-interval",
                "enrichment.products.file", "enrichment.stores.query", "enrichment.stores.password", "enrichment.stores.colour");
    }

    @Test
    void shouldRefuseACatalogueWithBothAFileAndADatabase() throws IOException {
        Path products = Files.writeString(dir.resolve("p.csv"), "sku,name,category,brand\n");
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), "enrichment:\n  products:\n    file: " + products
                + "\n    jdbc-url: jdbc:postgresql://erp/erp\n    query: SELECT 1\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(etl, Path.of("config", "topics.yml")));

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("enrichment.products.file");
            assertThat(p.message()).contains("exactly one of file and jdbc-url");
        });
    }
}
