package br.com.etlvendas.extract.catalog;

import br.com.etlvendas.config.EnrichmentConfig;
import br.com.etlvendas.sale.CatalogEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading catalogue files: header in any order and case, either separator, gaps, repeats and missing columns. */
class CatalogReaderTest {

    @TempDir
    Path dir;

    private Path file(String text) throws Exception {
        Path f = dir.resolve("catalogue.csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void shouldReadEntriesByKeyWhateverTheColumnOrderCaseAndSeparator() throws Exception {
        // given a semicolon file exported by a spreadsheet: BOM, columns reordered and capitalised, an extra column
        Path f = file("\uFEFFBrand;SKU;Category;Name;Price\nPilão;CAF-1;Mercearia;Café 500g;21,49\n;ARZ-5;;Arroz 5kg;27,90\n");

        // when
        Map<String, CatalogEntry> entries = CatalogReader.readCsv("products", f, EnrichmentConfig.PRODUCT_COLUMNS);

        // then fields come in the catalogue's column order, blanks as absent
        assertThat(entries).containsOnlyKeys("CAF-1", "ARZ-5");
        assertThat(entries.get("CAF-1")).isEqualTo(new CatalogEntry(Arrays.asList("CAF-1", "Café 500g", "Mercearia", "Pilão")));
        assertThat(entries.get("ARZ-5").field(2)).isNull();
        assertThat(entries.get("ARZ-5").field(3)).isNull();
    }

    @Test
    void shouldKeepTheLastRowOfAKeyGivenTwiceAndSkipRowsWithoutKey() throws Exception {
        // given
        Path f = file("sku,name,category,brand\nCAF-1,Café,Mercearia,Pilão\n,Sem SKU,Mercearia,X\nCAF-1,Café,Mercearia,Melitta\n");

        // when
        Map<String, CatalogEntry> entries = CatalogReader.readCsv("products", f, EnrichmentConfig.PRODUCT_COLUMNS);

        // then
        assertThat(entries).containsOnlyKeys("CAF-1");
        assertThat(entries.get("CAF-1").field(3)).isEqualTo("Melitta");
    }

    @Test
    void shouldRefuseAFileLackingColumnsNamingEveryMissingOne() throws Exception {
        // given
        Path f = file("store_id,name,uf\nSP-1,Loja,SP\n");

        // when / then
        assertThatThrownBy(() -> CatalogReader.readCsv("stores", f, EnrichmentConfig.STORE_COLUMNS))
                .isInstanceOf(CatalogReader.CatalogException.class)
                .hasMessageContaining("stores catalogue").hasMessageContaining("[city, state, region]");
    }

    @Test
    void shouldReadBackAWrittenCatalogueEntryForEntry() throws Exception {
        // given entries with quotes, commas, accents and an absent field
        Map<String, CatalogEntry> entries = new java.util.LinkedHashMap<>();
        entries.put("TV-1", new CatalogEntry(Arrays.asList("TV-1", "Smart TV 50\" 4K, preta", "Eletrônicos", null)));
        entries.put("CAF-1", new CatalogEntry(Arrays.asList("CAF-1", "Café", "Mercearia", "Pilão")));

        // when
        Path f = CatalogFiles.write(entries, EnrichmentConfig.PRODUCT_COLUMNS, dir.resolve("out.csv"));

        // then
        assertThat(CatalogReader.readCsv("products", f, EnrichmentConfig.PRODUCT_COLUMNS)).isEqualTo(entries);
    }

    @Test
    void shouldReadTheSampleCataloguesShippedWithTheDemo() throws Exception {
        // given / when
        Map<String, CatalogEntry> products = CatalogReader.readCsv("products", Path.of("samples/catalog/products.csv"),
                EnrichmentConfig.PRODUCT_COLUMNS);
        Map<String, CatalogEntry> stores = CatalogReader.readCsv("stores", Path.of("samples/catalog/stores.csv"),
                EnrichmentConfig.STORE_COLUMNS);

        // then every entry has a brand / region
        assertThat(products).hasSizeGreaterThan(20).allSatisfy((k, e) -> assertThat(e.field(3)).isNotNull());
        assertThat(stores).hasSizeGreaterThan(30).allSatisfy((k, e) -> assertThat(e.field(4)).isNotNull());
        assertThat(stores.get("SP-002").field(4)).isEqualTo("Sudeste");
    }
}
