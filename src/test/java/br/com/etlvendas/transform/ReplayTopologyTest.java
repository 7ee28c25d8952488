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
import br.com.etlvendas.sale.SourceHeaders;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** The topology's part in DLQ replays: source rows marked on the DLQ, replayed lines counted in the KPI totals. */
class ReplayTopologyTest {

    private static final Instant NOW = Instant.parse("2024-03-02T12:00:00Z");
    private static final Instant T0 = Instant.parse("2024-03-01T15:00:00Z");
    private static final Duration KPI_EVERY = Duration.ofSeconds(1);
    private static final String SOURCE = "ingest-1:superstore";

    @TempDir
    Path stateDir;

    private Topics topics;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, Sale> clean;
    private TestOutputTopic<String, byte[]> dlq;
    private TestOutputTopic<String, KpiTotals> kpi;

    @BeforeEach
    void startDriver() {
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.of(Duration.ofDays(7)),
                    id.defaultCleanupPolicy()));
        }
        topics = Topics.from(new TopicsConfig(specs));
        PipelineConfig pipeline = new PipelineConfig("etl-vendas-test", Duration.ofDays(1), Duration.ofMillis(100), KPI_EVERY);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "etl-vendas-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(SalesTopology.build(topics, pipeline, Clock.fixed(NOW, ZoneOffset.UTC)), props);
        raw = driver.createInputTopic(topics.raw().name(), new StringSerializer(), new ByteArraySerializer());
        clean = driver.createOutputTopic(topics.clean().name(), topics.clean().keySerde().deserializer(),
                topics.clean().valueSerde().deserializer());
        dlq = driver.createOutputTopic(topics.dlq().name(), topics.dlq().keySerde().deserializer(),
                topics.dlq().valueSerde().deserializer());
        kpi = driver.createOutputTopic(topics.kpiTotals().name(), topics.kpiTotals().keySerde().deserializer(),
                topics.kpiTotals().valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static RawSale sale(String id, String quantity) {
        return new RawSale(id, "2024-03-01T12:00:00-03:00", "LJ-01", "Loja Centro", "Campinas", "SP", "loja", "C-1",
                "Ana Souza", "529.982.247-25", "pix", "BRL", "pago",
                List.of(new RawSaleLine("1", "sku-1", "Arroz", "Mercearia", quantity, "10.00", null, null)),
                SOURCE, "file:///in/vendas.csv#L2", null, null);
    }

    private void pipe(String key, RawSale sale, Headers headers) {
        raw.pipeInput(new TestRecord<>(key, topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale),
                headers, T0));
    }

    private static Headers replayOf(String dlqId) {
        RecordHeaders h = new RecordHeaders();
        h.add(SourceHeaders.SOURCE, SOURCE.getBytes(StandardCharsets.UTF_8));
        h.add(DlqHeaders.REPLAY_OF, dlqId.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldMarkTheDlqRecordOfARowItsSourceCouldNotMapAsASourceRow() {
        // given a row the source could not map, published with its raw text
        RawSale row = RawSale.rejectedAtSource("\"7\",\"CA-1\",\"8.11.2016\"", List.of("sold_at: '8.11.2016' is not a date"),
                SOURCE, "file:///in/vendas.csv#L8");

        // when
        pipe("file:///in/vendas.csv#L8", row, new RecordHeaders());

        // then its DLQ record holds the row's text and says so, so that a replay maps it again
        TestRecord<String, byte[]> rejected = dlq.readRecord();
        assertThat(new String(rejected.value(), StandardCharsets.UTF_8)).isEqualTo("\"7\",\"CA-1\",\"8.11.2016\"");
        assertThat(header(rejected.headers(), DlqHeaders.PAYLOAD)).isEqualTo(DlqHeaders.PAYLOAD_SOURCE_ROW);
    }

    @Test
    void shouldNotMarkTheDlqRecordOfAnInvalidSaleAsASourceRow() {
        // given a sale the validator rejects
        pipe("S-1", sale("S-1", "-2"), new RecordHeaders());

        // when
        TestRecord<String, byte[]> rejected = dlq.readRecord();

        // then its payload is the record as sales.raw held it: a replay sends it unchanged
        assertThat(header(rejected.headers(), DlqHeaders.PAYLOAD)).isNull();
    }

    @Test
    void shouldCountReplayedLinesBesideWhereTheyWent() {
        // given one sale published first, and then two replays from the DLQ: one now valid, one still invalid
        pipe("S-1", sale("S-1", "1"), new RecordHeaders());
        pipe("S-2", sale("S-2", "2"), replayOf("0:5"));
        pipe("S-3", sale("S-3", "-1"), replayOf("1:9"));

        // when
        driver.advanceWallClockTime(KPI_EVERY.plusMillis(100));

        // then the replays are counted as lines in again, and out as loaded or rejected like any line
        KpiTotals totals = kpi.readKeyValuesToMap().get(KpiTotals.key(SOURCE, 0));
        assertThat(totals.replayedLines()).isEqualTo(2);
        assertThat(totals.lines()).isEqualTo(2);
        assertThat(totals.rejectedLines()).isEqualTo(1);
        assertThat(totals.lines() + totals.rejectedLines() + totals.duplicateLines())
                .as("lines out = published (1) + replayed (2)").isEqualTo(1 + totals.replayedLines());
        assertThat(clean.readRecordsToList()).extracting(TestRecord::key).containsExactly("S-1", "S-2");
    }

    @Test
    void shouldKeepTheReplayHeaderOnARecordRejectedAgain() {
        // given a replay the current validation still rejects
        pipe("S-3", sale("S-3", "-1"), replayOf("1:9"));

        // when
        TestRecord<String, byte[]> rejected = dlq.readRecord();

        // then the new DLQ record names the one it replays
        assertThat(header(rejected.headers(), DlqHeaders.REPLAY_OF)).isEqualTo("1:9");
    }

    @Test
    void shouldCountNoReplayedLinesWhenNothingIsReplayed() {
        // given
        pipe("S-1", sale("S-1", "1"), new RecordHeaders());

        // when
        driver.advanceWallClockTime(KPI_EVERY.plusMillis(100));

        // then
        assertThat(kpi.readKeyValuesToMap().get(KpiTotals.key(SOURCE, 0)).replayedLines()).isZero();
    }
}
