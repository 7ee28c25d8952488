package br.com.etlvendas.transform;

import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.config.TopicsConfig;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.transform.step.TransformationChain;
import br.com.etlvendas.transform.step.TransformationConfigs;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The transformation steps in the running topology: what reaches sales.clean, the DLQ and the KPI totals. */
class TransformationTopologyTest {

    private static final Instant NOW = Instant.parse("2024-03-02T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2024-03-01T15:00:00Z");
    private static final String SOURCE = "erp:run-1";

    @TempDir
    Path dir;

    private Topics topics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, Sale> clean;
    private TestOutputTopic<String, byte[]> dlq;
    private TestOutputTopic<String, KpiTotals> kpi;
    private PoisonRecords poison;

    private void start(String transformationsYaml) {
        start(TransformationConfigs.chain(dir, transformationsYaml));
    }

    private void start(TransformationChain chain) {
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.of(Duration.ofDays(7)), id.defaultCleanupPolicy()));
        }
        topics = Topics.from(new TopicsConfig(specs));
        PipelineConfig pipeline = new PipelineConfig("etl-vendas-test", Duration.ofDays(1), Duration.ofMillis(100), Duration.ofSeconds(1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "etl-vendas-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        poison = new PoisonRecords(CLOCK);
        driver = new TopologyTestDriver(SalesTopology.build(topics, pipeline, chain, poison, CLOCK), props);
        raw = driver.createInputTopic(topics.raw().name(), new StringSerializer(), new ByteArraySerializer());
        clean = driver.createOutputTopic(topics.clean().name(), topics.clean().keySerde().deserializer(),
                topics.clean().valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), topics.dlq().keySerde().deserializer(), topics.dlq().valueSerde().deserializer());
        kpi = driver.createOutputTopic(topics.kpiTotals().name(), topics.kpiTotals().keySerde().deserializer(),
                topics.kpiTotals().valueSerde().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static RawSaleLine line(int no, String category, Map<String, String> attributes) {
        return new RawSaleLine(Integer.toString(no), "sku-" + no, "Produto " + no, category, "2", "10.00", null, "20.00", attributes);
    }

    private static RawSale sale(String id, String channel, String document, RawSaleLine... lines) {
        return new RawSale(id, "2024-03-01T12:00:00-03:00", "LJ-01", "Loja Centro", "Campinas", "SP", channel,
                "C-1", "Ana Souza", document, "pix", "BRL", null, List.of(lines), SOURCE, "erp:" + id, null, null);
    }

    private byte[] pipe(RawSale sale) {
        byte[] bytes = topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale);
        raw.pipeInput(sale.saleId(), bytes, T0);
        return bytes;
    }

    private KpiTotals lastTotals() {
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        List<KpiTotals> all = kpi.readValuesToList();
        return all.get(all.size() - 1);
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldDropSalesTheFilterDoesNotKeepAndCountTheirLinesAsFiltered() {
        // given a filter keeping store sales only
        start("""
                transformations:
                  - type: filter
                    field: channel
                    operator: equals
                    value: loja
                """);

        // when a store sale and a two-line e-commerce sale arrive
        pipe(sale("S-1", "loja", null, line(1, "Mercearia", null)));
        pipe(sale("S-2", "e-commerce", null, line(1, "Mercearia", null), line(2, "Bebidas", null)));

        // then only the store sale is published, the other's lines are counted as filtered, nothing is rejected
        assertThat(clean.readValuesToList()).extracting(Sale::saleId).containsExactly("S-1");
        assertThat(dlq.isEmpty()).isTrue();
        KpiTotals totals = lastTotals();
        assertThat(totals.lines()).isEqualTo(1);
        assertThat(totals.filteredLines()).isEqualTo(2);
        assertThat(totals.rejectedLines()).isZero();
    }

    @Test
    void shouldDropOnlyTheLinesALineFilterMatches() {
        // given a filter dropping giveaway lines
        start("""
                transformations:
                  - type: filter
                    field: category
                    operator: in
                    values: [Brindes, Amostras]
                    action: drop
                """);

        // when
        pipe(sale("S-1", "loja", null, line(1, "Mercearia", null), line(2, "Brindes", null), line(3, "Amostras", null)));
        pipe(sale("S-2", "loja", null, line(1, "Brindes", null)));

        // then
        List<Sale> out = clean.readValuesToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).lines()).extracting(SaleLine::lineNo).containsExactly(1);
        KpiTotals totals = lastTotals();
        assertThat(totals.lines()).isEqualTo(1);
        assertThat(totals.filteredLines()).isEqualTo(3);
    }

    @Test
    void shouldRunAChainOfSeveralStepsInOrder() {
        // given set, rename, two masks and a numeric line filter, in that order
        start("""
                transformations:
                  - type: set
                    field: attributes.region
                    value: Sudeste
                  - type: rename
                    from: E-mail
                    to: email
                  - type: mask
                    field: attributes.email
                    style: email
                  - type: mask
                    field: customer_document
                    style: keep-last
                    keep: 2
                  - type: filter
                    field: net_amount
                    operator: ge
                    value: "20"
                """);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("E-mail", "ana.souza@example.com.br");

        // when
        pipe(sale("S-1", "loja", "12.ABC.345/01DE-35", line(1, "Mercearia", attributes)));

        // then
        Sale s = clean.readValue();
        assertThat(s.customer().document()).isEqualTo("************35");
        assertThat(s.lines().get(0).attributes()).containsExactlyInAnyOrderEntriesOf(
                Map.of("region", "Sudeste", "email", "a***@example.com.br"));
    }

    @Test
    void shouldApplyACustomStepClassNamedInTheConfig() {
        // given
        start("""
                transformations:
                  - type: custom
                    class: br.com.etlvendas.transform.step.UpperCaseCategoryStep
                    config:
                      prefix: "cat:"
                """);

        // when
        pipe(sale("S-1", "loja", null, line(1, "Mercearia", null)));

        // then
        assertThat(clean.readValue().lines().get(0).category()).isEqualTo("cat:MERCEARIA");
    }

    @Test
    void shouldSendExactlyTheRecordAStepThrowsOnToTheDlqAndGoOnWithTheNext() throws Exception {
        // given a custom step that throws for sale S-2
        start("""
                transformations:
                  - type: custom
                    name: fragile
                    class: br.com.etlvendas.transform.step.FailingStep
                    config:
                      fail-for-sale: S-2
                """);

        // when three sales arrive, the middle one poison
        pipe(sale("S-1", "loja", null, line(1, "Mercearia", null)));
        byte[] poisonBytes = pipe(sale("S-2", "loja", null, line(1, "Mercearia", null), line(2, "Bebidas", null)));
        pipe(sale("S-3", "loja", null, line(1, "Mercearia", null)));

        // then the others flow, and S-2 is in the DLQ with its original bytes, the step, the exception and its origin
        assertThat(clean.readValuesToList()).extracting(Sale::saleId).containsExactly("S-1", "S-3");
        List<TestRecord<String, byte[]>> rejected = dlq.readRecordsToList();
        assertThat(rejected).hasSize(1);
        TestRecord<String, byte[]> r = rejected.get(0);
        assertThat(r.key()).isEqualTo("S-2");
        assertThat(r.value()).isEqualTo(poisonBytes);
        assertThat(header(r.headers(), DlqHeaders.STAGE)).isEqualTo("transform");
        assertThat(header(r.headers(), DlqHeaders.STEP)).isEqualTo("fragile");
        assertThat(header(r.headers(), DlqHeaders.EXCEPTION)).isEqualTo("java.lang.IllegalStateException");
        assertThat(SaleJson.mapper().readValue(header(r.headers(), DlqHeaders.REASONS), new TypeReference<List<String>>() { }))
                .containsExactly("step 'fragile' threw java.lang.IllegalStateException: cannot handle sale S-2");
        assertThat(header(r.headers(), DlqHeaders.ORIGIN_OFFSET)).isEqualTo("1");
        assertThat(header(r.headers(), DlqHeaders.SOURCE)).isEqualTo(SOURCE);
        assertThat(header(r.headers(), DlqHeaders.SOURCE_ORIGIN)).isEqualTo("erp:S-2");
        assertThat(header(r.headers(), DlqHeaders.LINE_COUNT)).isEqualTo("2");
        KpiTotals totals = lastTotals();
        assertThat(totals.lines()).isEqualTo(2);
        assertThat(totals.rejectedRecords()).isEqualTo(1);
        assertThat(totals.rejectedLines()).isEqualTo(2);
        assertThat(poison.count()).isEqualTo(1);
        assertThat(poison.last().stage()).isEqualTo("transform:fragile");
    }

    @Test
    void shouldSendARecordToTheDlqWhenAStepAddsLines() {
        // given a step that breaks the chain's rule by adding a line
        start(TransformationChain.of(s -> s.withLines(List.of(s.lines().get(0), s.lines().get(0)))));

        // when
        pipe(sale("S-1", "loja", null, line(1, "Mercearia", null)));

        // then
        assertThat(clean.isEmpty()).isTrue();
        TestRecord<String, byte[]> r = dlq.readRecord();
        assertThat(header(r.headers(), DlqHeaders.REASONS)).contains("added lines");
    }

    @Test
    void shouldSendARecordAProcessorThrowsOnToTheDlqThroughTheProcessingExceptionHandler() {
        // given the handler configured as SalesPipeline configures it, no transformation step, and a de-duplication
        // store that fails on use: an exception in a processor no stage of the topology catches
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.of(Duration.ofDays(7)), id.defaultCleanupPolicy()));
        }
        topics = Topics.from(new TopicsConfig(specs));
        poison = new PoisonRecords(CLOCK);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "etl-vendas-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonRecordHandler.class);
        props.put(PoisonRecordHandler.SETTINGS, new PoisonRecordHandler.Settings(topics.raw(), topics.dlq().name(), poison, CLOCK));
        PipelineConfig pipeline = new PipelineConfig("etl-vendas-test", Duration.ofDays(1), Duration.ofMillis(100), Duration.ofSeconds(1));
        driver = new TopologyTestDriver(SalesTopology.build(topics, pipeline, TransformationChain.none(), poison, CLOCK), props);
        raw = driver.createInputTopic(topics.raw().name(), new StringSerializer(), new ByteArraySerializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), topics.dlq().keySerde().deserializer(), topics.dlq().valueSerde().deserializer());
        driver.getKeyValueStore(DedupeProcessor.STORE).close();

        // when
        byte[] bytes = pipe(sale("S-1", "loja", null, line(1, "Mercearia", null)));

        // then
        TestRecord<String, byte[]> r = dlq.readRecord();
        assertThat(r.value()).isEqualTo(bytes);
        assertThat(header(r.headers(), DlqHeaders.STAGE)).isEqualTo("processing");
        assertThat(header(r.headers(), DlqHeaders.STEP)).isEqualTo("dedupe");
        assertThat(header(r.headers(), DlqHeaders.SOURCE)).isEqualTo(SOURCE);
        assertThat(poison.count()).isEqualTo(1);
    }
}
