package br.com.etlvendas.transform;

import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Topics;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SalesTopologyTest {

    private static final Instant NOW = Instant.parse("2024-03-02T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2024-03-01T15:00:00Z");
    private static final Duration KPI_EVERY = Duration.ofSeconds(1);
    private static final String SOURCE = "generator:run-1";

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
        SalesTopologyDriver d = SalesTopologyDriver.start(stateDir, CLOCK, KPI_EVERY);
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

    // ---- builders ------------------------------------------------------------------------------------

    private static RawSaleLine line(int no, String qty, String price, String net) {
        return new RawSaleLine(Integer.toString(no), "sku-" + no, "  Produto   " + no + " ", "Mercearia", qty, price, null, net);
    }

    private static RawSale sale(String id, String status, RawSaleLine... lines) {
        return new RawSale(id, "2024-03-01T12:00:00-03:00", "LJ-01", "Loja  Centro", "Campinas", "sp", "loja",
                "C-1", "Ana Souza", "529.982.247-25", "cartão de crédito", "BRL", status, List.of(lines),
                SOURCE, "seq-" + id, null, null);
    }

    private byte[] bytes(RawSale sale) {
        return topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale);
    }

    private void pipe(RawSale sale, Instant at) {
        raw.pipeInput(sale.saleId(), bytes(sale), at);
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> reasonsOf(Headers headers) throws Exception {
        return SaleJson.mapper().readValue(header(headers, DlqHeaders.REASONS), new TypeReference<List<String>>() { });
    }

    // ---- valid and invalid records -------------------------------------------------------------------

    @Test
    void shouldPublishValidSaleNormalisedOnClean() {
        // given
        RawSale sale = sale("S-1", "pago", line(2, "1", "0.1234", null), line(1, "2.000", "10.5", null));

        // when
        pipe(sale, T0);

        // then
        assertThat(dlq.isEmpty()).isTrue();
        List<TestRecord<String, Sale>> out = clean.readRecordsToList();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).key()).isEqualTo("S-1");
        assertThat(out.get(0).timestamp()).isEqualTo(T0.toEpochMilli());
        Sale s = out.get(0).value();
        assertThat(s.saleId()).isEqualTo("S-1");
        assertThat(s.soldAt()).isEqualTo(OffsetDateTime.parse("2024-03-01T12:00:00-03:00"));
        assertThat(s.soldAt().getOffset()).isEqualTo(ZoneOffset.ofHours(-3));
        assertThat(s.store().name()).isEqualTo("Loja Centro");
        assertThat(s.store().state()).isEqualTo("SP");
        assertThat(s.paymentMethod()).isEqualTo(PaymentMethod.CREDIT_CARD);
        assertThat(s.status()).isEqualTo(SaleStatus.COMPLETED);
        assertThat(s.customer().document()).isEqualTo("52998224725");
        assertThat(s.source()).isEqualTo(SOURCE);
        assertThat(s.lines()).extracting(SaleLine::lineNo).containsExactly(1, 2);
        SaleLine first = s.lines().get(0);
        assertThat(first.sku()).isEqualTo("SKU-1");
        assertThat(first.productName()).isEqualTo("Produto 1");
        assertThat(first.quantity().toPlainString()).isEqualTo("2");
        assertThat(first.unitPrice().toString()).isEqualTo("10.50");
        assertThat(first.discount().toString()).isEqualTo("0.00");
        assertThat(first.netAmount().toString()).isEqualTo("21.00");
        SaleLine second = s.lines().get(1);
        assertThat(second.unitPrice().toString()).isEqualTo("0.1234");
        assertThat(second.netAmount().toString()).isEqualTo("0.1234");
    }

    @Test
    void shouldSendInvalidSaleToDlqWithOriginalBytesAndEveryReason() throws Exception {
        // given a valid record first, so the invalid one sits at offset 1
        pipe(sale("S-0", null, line(1, "1", "5.00", null)), T0);
        clean.readRecordsToList();
        RawSale invalid = new RawSale("S-9", "2024-03-01T12:00:00-03:00", "LJ-01", null, null, "XX", "loja", null, null,
                null, "cheque", "BRL", null,
                List.of(line(1, "-2", "10.00", null), line(2, "3", "10.00", "25.00")), SOURCE, "file.csv:17", null, null);
        byte[] original = bytes(invalid);
        Headers incoming = new RecordHeaders().add("trace-id", "abc".getBytes(StandardCharsets.UTF_8));

        // when
        raw.pipeInput(new TestRecord<>("S-9", original, incoming, T0.plusSeconds(5)));

        // then
        assertThat(clean.isEmpty()).isTrue();
        List<TestRecord<String, byte[]>> out = dlq.readRecordsToList();
        assertThat(out).hasSize(1);
        TestRecord<String, byte[]> rejected = out.get(0);
        assertThat(rejected.key()).isEqualTo("S-9");
        assertThat(rejected.value()).isEqualTo(original);
        assertThat(rejected.timestamp()).isEqualTo(T0.plusSeconds(5).toEpochMilli());
        Headers h = rejected.headers();
        assertThat(header(h, DlqHeaders.STAGE)).isEqualTo("validate");
        List<String> reasons = reasonsOf(h);
        assertThat(reasons).hasSize(4);
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("store_state:"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("payment_method:"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[0].quantity:"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[1].net_amount:"));
        assertThat(header(h, DlqHeaders.ORIGIN_TOPIC)).isEqualTo("sales.raw");
        assertThat(header(h, DlqHeaders.ORIGIN_PARTITION)).isEqualTo("0");
        assertThat(header(h, DlqHeaders.ORIGIN_OFFSET)).isEqualTo("1");
        assertThat(header(h, DlqHeaders.SOURCE)).isEqualTo(SOURCE);
        assertThat(header(h, DlqHeaders.SOURCE_ORIGIN)).isEqualTo("file.csv:17");
        assertThat(header(h, DlqHeaders.LINE_COUNT)).isEqualTo("2");
        assertThat(header(h, DlqHeaders.REJECTED_AT)).isEqualTo(NOW.toString());
        assertThat(header(h, "trace-id")).isEqualTo("abc");
        assertThat(h.headers(DlqHeaders.STAGE)).hasSize(1);
    }

    @Test
    void shouldSendGarbageBytesToDlqUnchanged() throws Exception {
        // given
        byte[] garbage = {'n', 'o', 't', ' ', 'j', 's', 'o', 'n', '{', (byte) 0xFF, (byte) 0x00};

        // when
        raw.pipeInput("K-1", garbage, T0);

        // then
        assertThat(clean.isEmpty()).isTrue();
        TestRecord<String, byte[]> rejected = dlq.readRecord();
        assertThat(rejected.key()).isEqualTo("K-1");
        assertThat(rejected.value()).isEqualTo(garbage);
        assertThat(header(rejected.headers(), DlqHeaders.STAGE)).isEqualTo("validate");
        assertThat(reasonsOf(rejected.headers())).singleElement().asString().startsWith("payload is not a readable sale");
        assertThat(header(rejected.headers(), DlqHeaders.ORIGIN_OFFSET)).isEqualTo("0");
        assertThat(header(rejected.headers(), DlqHeaders.LINE_COUNT)).isEqualTo("1");
        assertThat(header(rejected.headers(), DlqHeaders.SOURCE)).isNull();
        assertThat(header(rejected.headers(), DlqHeaders.SOURCE_ORIGIN)).isNull();
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldSendNullValueToDlqWithoutStoppingThePipeline() throws Exception {
        // given
        raw.pipeInput("K-1", (byte[]) null, T0);

        // when the pipeline keeps going
        pipe(sale("S-1", null, line(1, "1", "5.00", null)), T0.plusSeconds(1));

        // then
        TestRecord<String, byte[]> rejected = dlq.readRecord();
        assertThat(rejected.value()).isNull();
        assertThat(reasonsOf(rejected.headers())).singleElement().asString().contains("null");
        assertThat(clean.readRecordsToList()).extracting(TestRecord::key).containsExactly("S-1");
    }

    // ---- de-duplication ------------------------------------------------------------------------------

    @Test
    void shouldDropExactDuplicate() {
        // given
        RawSale sale = sale("S-1", null, line(1, "1", "5.00", null), line(2, "2", "1.00", null));

        // when
        pipe(sale, T0);
        pipe(sale, T0);
        pipe(sale, T0.plusSeconds(1));

        // then
        assertThat(clean.readRecordsToList()).hasSize(1);
        assertThat(dlq.isEmpty()).isTrue();
    }

    @Test
    void shouldDropDuplicateResentHoursLater() {
        // given
        RawSale sale = sale("S-1", null, line(1, "1", "5.00", null));
        pipe(sale, T0);
        pipe(sale("S-2", null, line(1, "1", "6.00", null)), T0.plus(Duration.ofMinutes(30)));
        pipe(sale("S-3", null, line(1, "1", "7.00", null)), T0.plus(Duration.ofHours(1)));

        // when
        pipe(sale, T0.plus(Duration.ofHours(2)));
        pipe(sale("S-4", null, line(1, "1", "8.00", null)), T0.plus(Duration.ofHours(2)).plusSeconds(60));

        // then
        assertThat(clean.readRecordsToList()).extracting(TestRecord::key).containsExactly("S-1", "S-2", "S-3", "S-4");
    }

    @Test
    void shouldAcceptSaleAgainOnceDedupeRetentionHasPassed() {
        // given
        RawSale sale = sale("S-1", null, line(1, "1", "5.00", null));
        pipe(sale, T0);
        pipe(sale("S-2", null, line(1, "1", "6.00", null)), T0.plus(Duration.ofDays(2)));

        // when
        pipe(sale, T0.plus(Duration.ofDays(3)));

        // then
        assertThat(clean.readRecordsToList()).extracting(TestRecord::key).containsExactly("S-1", "S-2", "S-1");
    }

    @Test
    void shouldSweepSalesOlderThanTheRetentionOutOfTheDedupeStore() {
        // given a sale seen on day 0 and a newer one two days later (retention: one day)
        pipe(sale("S-1", null, line(1, "1", "5.00", null)), T0);
        pipe(sale("S-2", null, line(1, "1", "6.00", null)), T0.plus(Duration.ofDays(2)));
        KeyValueStore<String, SeenLines> store = driver.getKeyValueStore(DedupeProcessor.STORE);
        assertThat(store.get("S-1")).isNotNull();

        // when a sweep round runs
        driver.advanceWallClockTime(ExpiredKeySweeper.Pace.DEFAULT.every().plusSeconds(1));

        // then the expired sale is gone, the recent one kept with its line and time
        assertThat(store.get("S-1")).isNull();
        assertThat(store.get("S-2").seenAt(1)).isEqualTo(T0.plus(Duration.ofDays(2)).toEpochMilli());
    }

    @Test
    void shouldPublishOnlyNewLinesOfPartlyResentSale() {
        // given
        pipe(sale("S-1", null, line(1, "1", "5.00", null), line(2, "1", "6.00", null)), T0);

        // when the sale comes again with one old line and one new line
        pipe(sale("S-1", null, line(2, "1", "6.00", null), line(3, "1", "7.00", null)), T0.plus(Duration.ofMinutes(10)));

        // then
        List<Sale> out = clean.readValuesToList();
        assertThat(out).hasSize(2);
        assertThat(out.get(0).lines()).extracting(SaleLine::lineNo).containsExactly(1, 2);
        assertThat(out.get(1).saleId()).isEqualTo("S-1");
        assertThat(out.get(1).lines()).extracting(SaleLine::lineNo).containsExactly(3);
        assertThat(out.get(1).lines().get(0).netAmount().toString()).isEqualTo("7.00");
    }

    // ---- KPI totals ----------------------------------------------------------------------------------

    @Test
    void shouldPublishKpiTotalsEveryEmitInterval() {
        // given a mix of records from one source, plus garbage from none
        RawSale s1 = sale("S-1", null, line(1, "2", "10.50", null), line(2, "1", "0.1234", null));
        pipe(s1, T0);
        pipe(sale("S-2", "cancelada", line(1, "1", "100.00", null)), T0.plusSeconds(1));
        pipe(s1, T0.plusSeconds(2));
        pipe(sale("S-1", null, line(2, "1", "0.1234", null), line(3, "1", "1.00", null)), T0.plusSeconds(3));
        pipe(new RawSale("S-8", "2024-03-01T12:00:00-03:00", "LJ-01", null, null, "XX", "loja", null, null, null, "pix",
                "BRL", null, List.of(line(1, "1", "1", null), line(2, "1", "1", null), line(3, "1", "1", null)),
                SOURCE, null, null, null), T0.plusSeconds(4));
        pipe(sale("S-3", "pago", line(1, "1", "5.5", null)), T0.plusSeconds(5));
        raw.pipeInput("K-X", "garbage".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(6));
        assertThat(kpi.isEmpty()).as("nothing is published before the emit interval").isTrue();

        // when
        driver.advanceWallClockTime(KPI_EVERY.plusMillis(100));

        // then
        Map<String, KpiTotals> latest = kpi.readKeyValuesToMap();
        assertThat(latest).containsOnlyKeys(KpiTotals.key(SOURCE, 0), KpiTotals.key("unknown", 0));
        KpiTotals totals = latest.get(KpiTotals.key(SOURCE, 0));
        assertThat(totals.source()).isEqualTo(SOURCE);
        assertThat(totals.partition()).isZero();
        assertThat(totals.lines()).isEqualTo(5);              // S-1: 2 + 1 new, S-2: 1, S-3: 1
        assertThat(totals.orders()).isEqualTo(2);             // S-1 and S-3; cancelled S-2 is not an order
        assertThat(totals.revenue().amount()).isEqualByComparingTo("27.6234"); // 21.00 + 0.1234 + 1.00 + 5.50
        assertThat(totals.rejectedRecords()).isEqualTo(1);
        assertThat(totals.rejectedLines()).isEqualTo(3);
        assertThat(totals.duplicateLines()).isEqualTo(3);     // 2 from the exact re-send, 1 from the partial one
        assertThat(totals.updatedAt()).isEqualTo(NOW);
        KpiTotals unknown = latest.get(KpiTotals.key("unknown", 0));
        assertThat(unknown.rejectedRecords()).isEqualTo(1);
        assertThat(unknown.rejectedLines()).isEqualTo(1);
        assertThat(unknown.lines()).isZero();
        assertThat(unknown.revenue().amount()).isEqualByComparingTo("0");
    }

    @Test
    void shouldCountCancelledSaleLinesButNotItsRevenueOrOrder() {
        // given
        pipe(sale("S-1", "cancelado", line(1, "3", "10.00", null), line(2, "1", "2.00", null)), T0);

        // when
        driver.advanceWallClockTime(KPI_EVERY.plusMillis(100));

        // then
        KpiTotals totals = kpi.readKeyValuesToMap().get(KpiTotals.key(SOURCE, 0));
        assertThat(totals.lines()).isEqualTo(2);
        assertThat(totals.orders()).isZero();
        assertThat(totals.revenue().amount()).isEqualByComparingTo("0");
        assertThat(clean.readValuesToList()).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(SaleStatus.CANCELLED));
    }

    @Test
    void shouldRepublishOnlyTotalsThatChangedSinceLastInterval() {
        // given totals for two sources already published
        pipe(sale("S-1", null, line(1, "1", "5.00", null)), T0);
        raw.pipeInput("K-X", "garbage".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(1));
        driver.advanceWallClockTime(KPI_EVERY.plusMillis(100));
        kpi.readRecordsToList();

        // when only the generator's totals change
        pipe(sale("S-2", null, line(1, "2", "2.50", null)), T0.plusSeconds(2));
        driver.advanceWallClockTime(KPI_EVERY.plusMillis(100));

        // then
        List<TestRecord<String, KpiTotals>> out = kpi.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly(KpiTotals.key(SOURCE, 0));
        assertThat(out.get(0).value().lines()).isEqualTo(2);
        assertThat(out.get(0).value().orders()).isEqualTo(2);
        assertThat(out.get(0).value().revenue().amount()).isEqualByComparingTo("10.00");
    }
}
