package br.com.etlvendas.transform;

import br.com.etlvendas.sale.JsonSerde;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KpiTotalsStoreSerdeTest {

    private static final KpiTotals TOTALS = new KpiTotals("ingest-1:superstore \u00e7\u00e3o \uD83D\uDE00", 2, 9994, 5009,
            Money.of(new BigDecimal("2297200.8603")), 3, 7, 11, Instant.parse("2026-11-30T12:00:00.123456789Z"));

    private final KpiTotalsStoreSerde serde = new KpiTotalsStoreSerde();

    @Test
    void shouldReadBackExactlyWhatItWrote() {
        byte[] bytes = serde.serializer().serialize("store", TOTALS);

        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(TOTALS);
    }

    @Test
    void shouldReadBackTheLinesVersionsUpdatedRemovedAndFoundStale() {
        KpiTotals withVersions = new KpiTotals(TOTALS.source(), 2, 9990, 5000, Money.of(new BigDecimal("-12.3400")), 3, 7, 11,
                TOTALS.updatedAt(), 1, 2, 40, 4, 2);

        byte[] bytes = serde.serializer().serialize("store", withVersions);

        assertThat(serde.deserializer().deserialize("store", bytes)).isEqualTo(withVersions);
    }

    @Test
    void shouldReadBackTheLinesOfProductsAndStoresUnknownToTheCatalogues() {
        KpiTotals enriched = new KpiTotals(TOTALS.source(), 2, 9990, 5000, Money.parse("12.34"), 3, 7, 11,
                TOTALS.updatedAt(), 1, 2, 40, 4, 2, java.util.Map.of("BRL", Money.parse("12.34")), 17, 5);

        byte[] bytes = serde.serializer().serialize("store", enriched);

        KpiTotals read = serde.deserializer().deserialize("store", bytes);
        assertThat(read).isEqualTo(enriched);
        assertThat(read.plus(read).unknownProductLines()).as("summed over keys").isEqualTo(34);
        assertThat(read.plusRevenue("USD", Money.parse("1")).unknownStoreLines()).as("kept when revenue moves").isEqualTo(5);
    }

    @Test
    void shouldReadTheSecondBinaryFormWithoutVersionFiguresAsZero() throws Exception {
        assertThat(serde.deserializer().deserialize("store", earlierForm(2))).isEqualTo(TOTALS);
    }

    @Test
    void shouldReadBackTheRevenuePerCurrency() {
        KpiTotals split = TOTALS.withUpdatedAt(TOTALS.updatedAt()).plusRevenue("USD", Money.parse("10.5"))
                .plusRevenue("BRL", Money.parse("0.0001"));
        byte[] bytes = serde.serializer().serialize("store", split);

        KpiTotals read = serde.deserializer().deserialize("store", bytes);

        assertThat(read).isEqualTo(split);
        assertThat(read.revenueByCurrency()).containsOnlyKeys("BRL", "USD");
        assertThat(read.revenueByCurrencyOrUnknown().get(KpiTotals.UNKNOWN_CURRENCY).amount())
                .as("the revenue stored before currencies were kept").isEqualByComparingTo("2297200.8603");
    }

    @Test
    void shouldReadTheThirdBinaryFormWithFilteredAndReplayedLinesAndNoCurrencySplit() throws Exception {
        byte[] bytes = earlierForm(3, 42, 43);

        KpiTotals read = serde.deserializer().deserialize("store", bytes);

        assertThat(read.filteredLines()).isEqualTo(42);
        assertThat(read.replayedLines()).isEqualTo(43);
        assertThat(read.revenueByCurrency()).isEmpty();
        assertThat(read.revenue()).isEqualTo(TOTALS.revenue());
    }

    @Test
    void shouldReadBackTheFilteredAndReplayedLinesItWrote() {
        // given totals of a source some of whose lines were filtered out and some replayed from the DLQ
        KpiTotals replayed = new KpiTotals(TOTALS.source(), 2, 9994, 5009, TOTALS.revenue(), 3, 7, 11, TOTALS.updatedAt(), 4, 5);

        // when
        KpiTotals read = serde.deserializer().deserialize("store", serde.serializer().serialize("store", replayed));

        // then
        assertThat(read.filteredLines()).isEqualTo(4);
        assertThat(read.replayedLines()).isEqualTo(5);
        assertThat(read).isEqualTo(replayed);
    }

    @Test
    void shouldReadTotalsAnEarlierVersionStoredAsJson() {
        byte[] json = new JsonSerde<>(KpiTotals.class).serializer().serialize("store", TOTALS);

        assertThat(serde.deserializer().deserialize("store", json)).isEqualTo(TOTALS);
    }

    @Test
    void shouldReadTheFirstBinaryFormWrittenWithDataOutputStream() throws Exception {
        assertThat(serde.deserializer().deserialize("store", earlierForm(1))).isEqualTo(TOTALS);
    }

    @Test
    void shouldReadTheFourthBinaryFormWithVersionFiguresAndNoCurrencySplit() throws Exception {
        KpiTotals read = serde.deserializer().deserialize("store", earlierForm(4, 42, 43, 44, 45, 46));

        assertThat(List.of(read.filteredLines(), read.replayedLines(), read.updatedLines(), read.removedLines(),
                read.staleLines())).containsExactly(42L, 43L, 44L, 45L, 46L);
        assertThat(read.revenueByCurrency()).isEmpty();
        assertThat(read.revenue()).isEqualTo(TOTALS.revenue());
    }

    /**
     * {@link #TOTALS} in an earlier binary form, as DataOutputStream wrote it: version 1 with the source in
     * modified UTF-8, later versions in standard UTF-8, each followed by its own counters ({@code trailing}).
     */
    private static byte[] earlierForm(int version, long... trailing) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(version);
            if (version == 1) {
                out.writeUTF(TOTALS.source());
            } else {
                byte[] source = TOTALS.source().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeShort(source.length);
                out.write(source);
            }
            out.writeInt(TOTALS.partition());
            out.writeLong(TOTALS.lines());
            out.writeLong(TOTALS.orders());
            out.writeUTF(TOTALS.revenue().amount().toPlainString());
            out.writeLong(TOTALS.rejectedRecords());
            out.writeLong(TOTALS.rejectedLines());
            out.writeLong(TOTALS.duplicateLines());
            out.writeLong(TOTALS.updatedAt().getEpochSecond());
            out.writeInt(TOTALS.updatedAt().getNano());
            for (long n : trailing) {
                out.writeLong(n);
            }
        }
        return bytes.toByteArray();
    }
}
