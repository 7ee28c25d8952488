package br.com.etlvendas.transform;

import br.com.etlvendas.config.EnrichmentConfig;
import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.Secret;
import br.com.etlvendas.sale.CatalogEntry;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.transform.step.TransformationChain;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Enrichment in the running topology: catalogue topics in, enriched and flagged lines on sales.clean, counts in the KPIs. */
class EnrichmentTopologyTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SOURCE = "erp:run-1";
    private static final EnrichmentConfig.Catalogue SOME_FILE = new EnrichmentConfig.Catalogue(Optional.of(Path.of("x.csv")),
            Optional.empty(), "", Secret.empty(), Optional.empty());

    @TempDir
    Path dir;

    private SalesTopologyDriver t;
    private TestInputTopic<String, CatalogEntry> products;
    private TestInputTopic<String, CatalogEntry> stores;

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private void start(boolean byProduct, boolean byStore) {
        Topics topics = SalesTopologyDriver.defaultTopics();
        EnrichmentConfig enrichment = new EnrichmentConfig(byProduct ? Optional.of(SOME_FILE) : Optional.empty(),
                byStore ? Optional.of(SOME_FILE) : Optional.empty(), Duration.ofMinutes(5));
        t = SalesTopologyDriver.start(topics, SalesTopology.build(topics,
                SalesTopologyDriver.pipeline("etl-vendas-test", Duration.ofSeconds(1)), TransformationChain.none(),
                new PoisonRecords(CLOCK), KpiWindowsConfig.DISABLED, enrichment, CLOCK), dir);
        products = t.driver().createInputTopic(topics.catalogProducts().name(), new StringSerializer(),
                topics.catalogProducts().valueSerde().serializer());
        stores = t.driver().createInputTopic(topics.catalogStores().name(), new StringSerializer(),
                topics.catalogStores().valueSerde().serializer());
    }

    private static CatalogEntry entry(String... fields) {
        return new CatalogEntry(Arrays.asList(fields));
    }

    private void pipe(String saleId, String storeId, RawSaleLine... lines) {
        RawSale sale = new RawSale(saleId, "2026-11-30T09:00:00-03:00", storeId, "Loja", "Campinas", "SP", "loja", null, null,
                null, "pix", "BRL", "pago", List.of(lines), SOURCE, "row-" + saleId, null, null);
        t.raw().pipeInput(saleId, t.topics().raw().valueSerde().serializer().serialize(t.topics().raw().name(), sale), NOW);
    }

    private static RawSaleLine line(int no, String sku, String name, String category) {
        return new RawSaleLine(Integer.toString(no), sku, name, category, "1", null, null, "10.00");
    }

    private KpiTotals totals() {
        t.driver().advanceWallClockTime(Duration.ofSeconds(2));
        return t.kpi().readKeyValuesToMap().get(KpiTotals.key(SOURCE, 0));
    }

    @Test
    void shouldAddTheCatalogueCategoryBrandAndStoreRegionToEachLine() {
        // given
        start(true, true);
        products.pipeInput("CAF-1", entry("CAF-1", "Café Torrado 500g", "Mercearia", "Pilão"));
        stores.pipeInput("SP-002", entry("SP-002", "Loja Campinas", "Campinas", "SP", "Sudeste"));

        // when a line comes with another category and no product name
        pipe("S-1", "SP-002", line(1, "CAF-1", null, "Bebidas"));

        // then the catalogue's category wins, its name fills the gap, brand and region are added, nothing is flagged
        SaleLine l = t.clean().readValue().lines().get(0);
        assertThat(l.category()).isEqualTo("Mercearia");
        assertThat(l.productName()).isEqualTo("Café Torrado 500g");
        assertThat(l.attributes()).containsEntry(EnrichProcessor.BRAND, "Pilão")
                .containsEntry(EnrichProcessor.STORE_REGION, "Sudeste")
                .doesNotContainKey(EnrichProcessor.ENRICHMENT);
        KpiTotals k = totals();
        assertThat(k.unknownProductLines()).isZero();
        assertThat(k.unknownStoreLines()).isZero();
    }

    @Test
    void shouldFlagCountAndStillLoadLinesOfUnknownProductsAndStores() {
        // given a catalogue without SKU X-9 and without store RJ-9
        start(true, true);
        products.pipeInput("CAF-1", entry("CAF-1", "Café", "Mercearia", "Pilão"));
        stores.pipeInput("SP-002", entry("SP-002", "Loja Campinas", "Campinas", "SP", "Sudeste"));

        // when
        pipe("S-1", "SP-002", line(1, "CAF-1", "Café", null), line(2, "X-9", "Mistério", "Outros"));
        pipe("S-2", "RJ-9", line(1, "CAF-1", "Café", null));

        // then both sales go on to sales.clean, the unknown parts flagged, and the KPIs count them
        Map<String, Sale> clean = t.clean().readKeyValuesToMap();
        assertThat(clean).containsOnlyKeys("S-1", "S-2");
        List<SaleLine> s1 = clean.get("S-1").lines();
        assertThat(s1.get(0).attributes()).doesNotContainKey(EnrichProcessor.ENRICHMENT);
        assertThat(s1.get(1).attributes()).containsEntry(EnrichProcessor.ENRICHMENT, "unknown_product")
                .doesNotContainKey(EnrichProcessor.BRAND);
        assertThat(s1.get(1).category()).isEqualTo("Outros");
        SaleLine s2 = clean.get("S-2").lines().get(0);
        assertThat(s2.attributes()).containsEntry(EnrichProcessor.ENRICHMENT, "unknown_store")
                .containsEntry(EnrichProcessor.BRAND, "Pilão").doesNotContainKey(EnrichProcessor.STORE_REGION);
        KpiTotals k = totals();
        assertThat(k.unknownProductLines()).isEqualTo(1);
        assertThat(k.unknownStoreLines()).isEqualTo(1);
        assertThat(k.lines()).as("every line loaded").isEqualTo(3);
    }

    @Test
    void shouldUseTheLatestCatalogueEntryAndForgetARemovedOne() {
        // given
        start(true, false);
        products.pipeInput("CAF-1", entry("CAF-1", "Café", "Mercearia", "Pilão"));
        pipe("S-1", "SP-002", line(1, "CAF-1", "Café", null));

        // when the brand changes, then the product leaves the catalogue (a tombstone)
        products.pipeInput("CAF-1", entry("CAF-1", "Café", "Mercearia", "Melitta"));
        pipe("S-2", "SP-002", line(1, "CAF-1", "Café", null));
        products.pipeInput("CAF-1", (CatalogEntry) null);
        pipe("S-3", "SP-002", line(1, "CAF-1", "Café", null));

        // then
        Map<String, Sale> clean = t.clean().readKeyValuesToMap();
        assertThat(clean.get("S-1").lines().get(0).attributes()).containsEntry(EnrichProcessor.BRAND, "Pilão");
        assertThat(clean.get("S-2").lines().get(0).attributes()).containsEntry(EnrichProcessor.BRAND, "Melitta");
        assertThat(clean.get("S-3").lines().get(0).attributes()).containsEntry(EnrichProcessor.ENRICHMENT, "unknown_product");
    }

    @Test
    void shouldLookOnlyAtTheConfiguredCatalogue() {
        // given products only: stores are neither looked up nor flagged
        start(true, false);
        products.pipeInput("CAF-1", entry("CAF-1", "Café", "Mercearia", "Pilão"));

        // when
        pipe("S-1", "NOWHERE-1", line(1, "CAF-1", "Café", null));

        // then
        assertThat(t.clean().readValue().lines().get(0).attributes()).containsOnly(Map.entry(EnrichProcessor.BRAND, "Pilão"));
        assertThat(t.driver().getAllStateStores()).containsKey(EnrichProcessor.PRODUCTS_STORE)
                .doesNotContainKey(EnrichProcessor.STORES_STORE);
    }

    @Test
    void shouldLeaveEnrichmentOutOfTheTopologyWhenNoCatalogueIsConfigured() {
        // given / when
        Topics topics = SalesTopologyDriver.defaultTopics();
        t = SalesTopologyDriver.start(topics, SalesTopology.build(topics,
                SalesTopologyDriver.pipeline("etl-vendas-test", Duration.ofSeconds(1)), TransformationChain.none(),
                new PoisonRecords(CLOCK), KpiWindowsConfig.DISABLED, EnrichmentConfig.NONE, CLOCK), dir);

        // then
        assertThat(t.driver().getAllStateStores()).doesNotContainKeys(EnrichProcessor.PRODUCTS_STORE,
                EnrichProcessor.STORES_STORE);
        assertThat(SalesTopology.build(topics, SalesTopologyDriver.pipeline("x", Duration.ofSeconds(1)), CLOCK)
                .describe().toString()).doesNotContain("enrich");
    }
}
