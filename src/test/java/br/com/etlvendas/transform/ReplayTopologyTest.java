package br.com.etlvendas.transform;

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
import java.util.List;

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
        SalesTopologyDriver d = SalesTopologyDriver.start(stateDir, Clock.fixed(NOW, ZoneOffset.UTC), KPI_EVERY);
        topics = d.topics();
        driver = d.driver();
        raw = d.raw();
        clean = d.clean();
        dlq = d.dlq();
        kpi = d.kpi();
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
