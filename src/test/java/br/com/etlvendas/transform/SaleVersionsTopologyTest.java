package br.com.etlvendas.transform;

import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleRevision;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Versions, corrections and cancellations through the whole topology: what reaches {@code sales.clean} and the KPIs. */
class SaleVersionsTopologyTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-02T12:00:00Z"), ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2024-03-01T15:00:00Z");
    private static final Duration KPI_EVERY = Duration.ofSeconds(1);
    private static final String SOURCE = "generator:run-1";

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private Topics topics;
    private TestInputTopic<String, byte[]> raw;
    private TestOutputTopic<String, Sale> clean;
    private TestOutputTopic<String, KpiTotals> kpi;
    private int seconds;

    @BeforeEach
    void startDriver() {
        SalesTopologyDriver d = SalesTopologyDriver.start(stateDir, CLOCK, KPI_EVERY);
        topics = d.topics();
        driver = d.driver();
        raw = d.raw();
        clean = d.clean();
        kpi = d.kpi();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private static RawSaleLine line(int no, String qty, String price) {
        return new RawSaleLine(Integer.toString(no), "SKU-" + no, "Produto " + no, "Mercearia", qty, price, null, null);
    }

    private static RawSale sale(String id, String status, RawSaleLine... lines) {
        return new RawSale(id, "2024-03-01T12:00:00-03:00", "LJ-01", "Loja Centro", "Campinas", "SP", "loja",
                "C-1", "Ana Souza", "529.982.247-25", "pix", "BRL", status, List.of(lines), SOURCE, "seq-" + id, null, null);
    }

    private static RawSale whole(RawSale s) {
        return s.withVersion(null, true);
    }

    private static RawSale version(String version, RawSale s) {
        return s.withVersion(version, null);
    }

    private void pipe(RawSale sale) {
        raw.pipeInput(sale.saleId(), topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale),
                T0.plusSeconds(seconds++));
    }

    private KpiTotals totals() {
        driver.advanceWallClockTime(KPI_EVERY.plusMillis(100));
        return kpi.readKeyValuesToMap().get(KpiTotals.key(SOURCE, 0));
    }

    @Test
    void shouldCountAnIdenticalWholeReSentSaleAsDuplicateAndPublishNothing() {
        // given a whole sale loaded
        RawSale s = whole(sale("S-1", null, line(1, "2", "10.00"), line(2, "1", "5.00")));
        pipe(s);
        assertThat(clean.readValuesToList()).singleElement().satisfies(v -> assertThat(v.revision()).isEqualTo(SaleRevision.NEW));

        // when it is sent again unchanged
        pipe(s);

        // then nothing reaches sales.clean and its two lines are duplicates
        assertThat(clean.isEmpty()).isTrue();
        KpiTotals t = totals();
        assertThat(t.lines()).isEqualTo(2);
        assertThat(t.duplicateLines()).isEqualTo(2);
        assertThat(t.updatedLines()).isZero();
        assertThat(t.orders()).isEqualTo(1);
        assertThat(t.revenue().amount()).isEqualByComparingTo("25.00");
    }

    private static RawSale withInstallments(RawSale s, String installments) {
        return new RawSale(s.saleId(), s.soldAt(), s.storeId(), s.storeName(), s.storeCity(), s.storeState(),
                s.storeCountry(), s.channel(), s.customerId(), s.customerName(), s.customerDocument(), s.paymentMethod(),
                s.currency(), s.status(), s.lines(), s.source(), s.origin(), null, null, s.version(), s.wholeSale(),
                installments);
    }

    @Test
    void shouldCarryInstallmentsToSalesCleanAndTreatAChangeOfThemAsANewVersion() {
        // given a whole sale paid in 3 instalments
        RawSale s = whole(withInstallments(sale("S-1", null, line(1, "2", "10.00")), "3"));
        pipe(s);
        assertThat(clean.readValuesToList()).singleElement().satisfies(v -> assertThat(v.installments()).isEqualTo(3));

        // when it is re-sent unchanged, then re-sent in 6 instalments
        pipe(s);
        assertThat(clean.isEmpty()).isTrue();
        pipe(withInstallments(s, "6"));

        // then the identical one is a duplicate and the changed one a new whole version with the new installments
        assertThat(clean.readValuesToList()).singleElement().satisfies(v -> {
            assertThat(v.installments()).isEqualTo(6);
            assertThat(v.revision()).isEqualTo(SaleRevision.WHOLE);
        });
        KpiTotals t = totals();
        assertThat(t.duplicateLines()).isEqualTo(1);
        assertThat(t.updatedLines()).isEqualTo(1);
    }

    @Test
    void shouldTreatAChangedPriceAsAnUpdateAndMoveRevenueByTheDifference() {
        // given a whole sale of 25.00
        pipe(whole(sale("S-1", null, line(1, "2", "10.00"), line(2, "1", "5.00"))));
        clean.readValuesToList();

        // when line 1's price is corrected from 10.00 to 9.50
        pipe(whole(sale("S-1", null, line(1, "2", "9.50"), line(2, "1", "5.00"))));

        // then the whole sale goes to the loader as a replacement, and revenue drops by 1.00
        Sale out = clean.readValuesToList().get(0);
        assertThat(out.revision()).isEqualTo(SaleRevision.WHOLE);
        assertThat(out.lines()).extracting(SaleLine::lineNo).containsExactly(1, 2);
        KpiTotals t = totals();
        assertThat(t.revenue().amount()).isEqualByComparingTo("24.00");
        assertThat(t.lines()).isEqualTo(2);
        assertThat(t.orders()).isEqualTo(1);
        assertThat(t.updatedLines()).isEqualTo(1);
        assertThat(t.duplicateLines()).isEqualTo(1);
        assertThat(t.removedLines()).isZero();
    }

    @Test
    void shouldTakeACancelledSalesRevenueAndOrderOutOfTheKpis() {
        // given two completed sales
        pipe(whole(sale("S-1", null, line(1, "2", "10.00"), line(2, "1", "5.00"))));
        pipe(whole(sale("S-2", null, line(1, "1", "7.00"))));

        // when S-1 is re-sent cancelled
        pipe(whole(sale("S-1", "cancelado", line(1, "2", "10.00"), line(2, "1", "5.00"))));

        // then its lines stay (as cancelled) but its revenue and its order leave the KPIs
        List<Sale> out = clean.readValuesToList();
        assertThat(out.get(2).status()).isEqualTo(SaleStatus.CANCELLED);
        assertThat(out.get(2).revision()).isEqualTo(SaleRevision.WHOLE);
        KpiTotals t = totals();
        assertThat(t.revenue().amount()).isEqualByComparingTo("7.00");
        assertThat(t.orders()).isEqualTo(1);
        assertThat(t.lines()).isEqualTo(3);
        assertThat(t.updatedLines()).isEqualTo(2);
    }

    @Test
    void shouldRemoveALineANewerVersionNoLongerHas() {
        // given version 1 with lines 1 and 2
        pipe(version("1", sale("S-1", null, line(1, "2", "10.00"), line(2, "1", "5.00"))));

        // when version 2 has only line 1
        pipe(version("2", sale("S-1", null, line(1, "2", "10.00"))));

        // then the loader is told to replace the sale with line 1 alone, and the KPIs lose line 2
        Sale out = clean.readValuesToList().get(1);
        assertThat(out.revision()).isEqualTo(SaleRevision.WHOLE);
        assertThat(out.version()).isEqualTo(2L);
        assertThat(out.lines()).extracting(SaleLine::lineNo).containsExactly(1);
        KpiTotals t = totals();
        assertThat(t.lines()).isEqualTo(1);
        assertThat(t.removedLines()).isEqualTo(1);
        assertThat(t.duplicateLines()).isEqualTo(1);
        assertThat(t.revenue().amount()).isEqualByComparingTo("20.00");
        assertThat(t.orders()).isEqualTo(1);
    }

    @Test
    void shouldIgnoreAndCountAVersionOlderThanOneAlreadySeen() {
        // given version 3 of a sale, then version 2 arriving late with another price
        pipe(version("2024-03-01T12:30:00Z", sale("S-1", null, line(1, "1", "12.00"))));
        clean.readValuesToList();

        // when the older version arrives
        pipe(version("2024-03-01T12:10:00-00:00", sale("S-1", null, line(1, "1", "11.00"), line(2, "1", "1.00"))));

        // then it changes nothing and its lines count as stale
        assertThat(clean.isEmpty()).isTrue();
        KpiTotals t = totals();
        assertThat(t.staleLines()).isEqualTo(2);
        assertThat(t.lines()).isEqualTo(1);
        assertThat(t.revenue().amount()).isEqualByComparingTo("12.00");
    }

    @Test
    void shouldAccumulateTheLinesOfOneOrderSentOneRecordPerRow() {
        // given a per-row source: each record one line, no version, not whole
        pipe(sale("S-1", null, line(1, "2", "10.00")));
        pipe(sale("S-1", null, line(2, "1", "5.00")));
        pipe(sale("S-1", null, line(3, "1", "1.00")));

        // then every row is a new line of the same order
        List<Sale> out = clean.readValuesToList();
        assertThat(out).extracting(Sale::revision).containsOnly(SaleRevision.NEW);
        KpiTotals t = totals();
        assertThat(t.lines()).isEqualTo(3);
        assertThat(t.orders()).isEqualTo(1);
        assertThat(t.revenue().amount()).isEqualByComparingTo("26.00");
        assertThat(t.removedLines()).isZero();
    }

    @Test
    void shouldCorrectOnlyTheRowSentAgainWithOtherContentFromAPerRowSource() {
        // given two rows of one order
        pipe(sale("S-1", null, line(1, "2", "10.00")));
        pipe(sale("S-1", null, line(2, "1", "5.00")));
        clean.readValuesToList();

        // when row 1 comes again with quantity 3, and row 2 again unchanged
        pipe(sale("S-1", null, line(1, "3", "10.00")));
        pipe(sale("S-1", null, line(2, "1", "5.00")));

        // then only row 1 goes to the loader, as a correction of lines; nothing is removed
        List<Sale> out = clean.readValuesToList();
        assertThat(out).singleElement().satisfies(s -> {
            assertThat(s.revision()).isEqualTo(SaleRevision.LINES);
            assertThat(s.lines()).extracting(SaleLine::lineNo).containsExactly(1);
        });
        KpiTotals t = totals();
        assertThat(t.lines()).isEqualTo(2);
        assertThat(t.updatedLines()).isEqualTo(1);
        assertThat(t.duplicateLines()).isEqualTo(1);
        assertThat(t.revenue().amount()).isEqualByComparingTo("35.00");
    }

    @Test
    void shouldLetTheFirstRowOfANewerVersionReplaceTheSaleAndTheNextRowsAddToIt() {
        // given version 1 sent as two rows
        pipe(version("1", sale("S-1", null, line(1, "1", "10.00"))));
        pipe(version("1", sale("S-1", null, line(2, "1", "5.00"))));
        clean.readValuesToList();

        // when version 2 arrives as two rows: lines 1 and 3
        pipe(version("2", sale("S-1", null, line(1, "1", "10.00"))));
        pipe(version("2", sale("S-1", null, line(3, "1", "2.00"))));

        // then the first row replaces the sale (line 2 removed), the second adds line 3
        List<Sale> out = clean.readValuesToList();
        assertThat(out).extracting(Sale::revision).containsExactly(SaleRevision.WHOLE, SaleRevision.NEW);
        KpiTotals t = totals();
        assertThat(t.lines()).isEqualTo(2);
        assertThat(t.removedLines()).isEqualTo(1);
        assertThat(t.revenue().amount()).isEqualByComparingTo("12.00");
    }

    @Test
    void shouldCountACancelledSaleCompletedLaterAsAnOrderWithItsRevenue() {
        // given a sale first seen cancelled
        pipe(whole(sale("S-1", "cancelada", line(1, "1", "10.00"))));

        // when it is re-sent completed
        pipe(whole(sale("S-1", "pago", line(1, "1", "10.00"))));

        // then it is an order with its revenue
        KpiTotals t = totals();
        assertThat(t.orders()).isEqualTo(1);
        assertThat(t.revenue().amount()).isEqualByComparingTo("10.00");
        assertThat(t.updatedLines()).isEqualTo(1);
    }
}
