package br.com.etlvendas.sale;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static br.com.etlvendas.sale.SampleSales.line;
import static br.com.etlvendas.sale.SampleSales.sale;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class SaleJsonTest {

    private static final String TOPIC = "sales.clean";

    private final JsonSerde<Sale> saleSerde = new JsonSerde<>(Sale.class);
    private final RawSaleSerde rawSerde = new RawSaleSerde();

    private Sale roundTrip(Sale sale) {
        byte[] bytes = saleSerde.serializer().serialize(TOPIC, sale);
        return saleSerde.deserializer().deserialize(TOPIC, bytes);
    }

    private String json(Sale sale) {
        return new String(saleSerde.serializer().serialize(TOPIC, sale), StandardCharsets.UTF_8);
    }

    // ---- Sale round trips ----------------------------------------------------------------------------

    @Test
    void shouldRoundTripMoneyWithItsExactScale() {
        // given
        Sale sale = sale(OffsetDateTime.parse("2024-03-01T14:30:00-03:00"),
                line(1, "3", "1234.5678", "0.10", "3703.6034"),
                line(2, "1.500", "0.10", "0.00", "0.15"));

        // when
        Sale back = roundTrip(sale);

        // then
        SaleLine first = back.lines().get(0);
        assertThat(first.unitPrice().amount().toPlainString()).isEqualTo("1234.5678");
        assertThat(first.discount().amount().toPlainString()).isEqualTo("0.10");
        assertThat(first.netAmount().amount().toPlainString()).isEqualTo("3703.6034");
        SaleLine second = back.lines().get(1);
        assertThat(second.quantity().toPlainString()).isEqualTo("1.500");
        assertThat(second.unitPrice().amount().toPlainString()).isEqualTo("0.10");
        assertThat(second.discount().amount().toPlainString()).isEqualTo("0.00");
        assertThat(back).isEqualTo(sale);
    }

    @Test
    void shouldKeepTheOffsetOfSoldAt() {
        // given
        OffsetDateTime soldAt = OffsetDateTime.parse("2024-03-01T23:30:00-03:00");
        Sale sale = sale(soldAt, line(1, "1", "10.00", "0.00", "10.00"));

        // when
        Sale back = roundTrip(sale);
        String json = json(sale);

        // then
        assertThat(back.soldAt()).isEqualTo(soldAt);
        assertThat(back.soldAt().getOffset()).isEqualTo(ZoneOffset.ofHours(-3));
        assertThat(back.soldAt().getDayOfMonth()).isEqualTo(1);
        assertThat(json).contains("\"2024-03-01T23:30:00-03:00\"");
    }

    @Test
    void shouldWriteMoneyAsPlainJsonNumbers() throws Exception {
        // given amounts whose BigDecimal.toString() would use an exponent
        Sale sale = sale(OffsetDateTime.parse("2024-03-01T14:30:00-03:00"),
                new SaleLine(1, "SKU-1", null, null, BigDecimal.ONE, Money.of(new BigDecimal("0.00001")),
                        Money.of(new BigDecimal("0.0000001")), Money.of(new BigDecimal("1E+3"))));

        // when
        String json = json(sale);

        // then
        assertThat(json).doesNotContain("E+").doesNotContain("E-").doesNotContain("e-");
        JsonNode line = SaleJson.mapper().readTree(json).get("lines").get(0);
        assertThat(line.get("unitPrice").isNumber()).isTrue();
        assertThat(line.get("discount").isNumber()).isTrue();
        assertThat(line.get("netAmount").isNumber()).isTrue();
        assertThat(line.get("netAmount").decimalValue()).isEqualByComparingTo("1000");
        assertThat(json).contains("\"unitPrice\":0.00001").contains("\"discount\":0.0000001")
                .contains("\"netAmount\":1000");
    }

    @Test
    void shouldRoundTripKpiTotalsWithExactRevenue() {
        // given
        JsonSerde<KpiTotals> serde = new JsonSerde<>(KpiTotals.class);
        KpiTotals totals = new KpiTotals("generator:run-1", 2, 10, 4, Money.parse("1234.5678"), 1, 3, 2,
                Instant.parse("2024-03-01T17:30:00Z"));

        // when
        KpiTotals back = serde.deserializer().deserialize("sales.kpi.totals",
                serde.serializer().serialize("sales.kpi.totals", totals));

        // then
        assertThat(back).isEqualTo(totals);
        assertThat(back.revenue().amount().toPlainString()).isEqualTo("1234.5678");
    }

    @Test
    void shouldPassNullThroughJsonSerde() {
        // given / when / then
        assertThat(saleSerde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(saleSerde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    // ---- RawSale -------------------------------------------------------------------------------------

    @Test
    void shouldRoundTripRawSaleAsText() {
        // given
        RawSale raw = new RawSale("S-1", "2024-03-01T14:30:00-03:00", "LJ-01", "Loja", "Campinas", "sp", "loja",
                "C-1", "Ana", "529.982.247-25", "cartão de crédito", "BRL", null,
                List.of(new RawSaleLine("1", "sku-1", "Arroz", "Mercearia", "2", "10.1234", null, null)),
                "generator:run-1", "seq-42", null, null);

        // when
        byte[] bytes = rawSerde.serializer().serialize("sales.raw", raw);
        RawSale back = rawSerde.deserializer().deserialize("sales.raw", bytes);

        // then
        assertThat(back).isEqualTo(raw);
        assertThat(back.isUnreadable()).isFalse();
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .doesNotContain("unreadable").doesNotContain("\"status\"").doesNotContain("lineCount");
    }

    @Test
    void shouldTurnGarbageBytesIntoUnreadableRawSaleWithoutThrowing() {
        // given
        byte[] garbage = "not json at all {".getBytes(StandardCharsets.UTF_8);

        // when
        RawSale raw = rawSerde.deserializer().deserialize("sales.raw", garbage);

        // then
        assertThat(raw.isUnreadable()).isTrue();
        assertThat(raw.unreadableReason()).startsWith("payload is not a readable sale: ").hasSizeGreaterThan(33);
        assertThat(raw.unreadablePayload()).isEqualTo("not json at all {");
        assertThat(raw.lineCount()).isEqualTo(1);
    }

    @Test
    void shouldTurnNullPayloadIntoUnreadableRawSale() {
        // given / when
        RawSale raw = rawSerde.deserializer().deserialize("sales.raw", null);

        // then
        assertThat(raw.isUnreadable()).isTrue();
        assertThat(raw.unreadableReason()).contains("null");
        assertThat(raw.unreadablePayload()).isEmpty();
    }

    @Test
    void shouldTurnJsonNullIntoUnreadableRawSale() {
        // given / when
        RawSale raw = rawSerde.deserializer().deserialize("sales.raw", "null".getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(raw.isUnreadable()).isTrue();
        assertThat(raw.unreadableReason()).contains("JSON null");
    }

    @Test
    void shouldTurnWrongShapesIntoUnreadableRawSalesWithoutThrowing() {
        // given payloads that are JSON but not a sale
        List<String> payloads = List.of("[1,2,3]", "\"a string\"", "{\"lines\": \"not a list\"}",
                "{\"saleId\": {\"nested\": true}}", "{\"saleId\": \"S-1\"");
        byte[] invalidUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};

        for (String payload : payloads) {
            // when
            RawSale[] raw = new RawSale[1];
            assertThatCode(() -> raw[0] = rawSerde.deserializer().deserialize("sales.raw",
                    payload.getBytes(StandardCharsets.UTF_8))).as(payload).doesNotThrowAnyException();

            // then
            assertThat(raw[0].isUnreadable()).as(payload).isTrue();
            assertThat(raw[0].unreadablePayload()).isEqualTo(payload);
        }
        RawSale binary = rawSerde.deserializer().deserialize("sales.raw", invalidUtf8);
        assertThat(binary.isUnreadable()).isTrue();
        assertThat(binary.unreadableReason()).isNotBlank();
    }

    // ---- Money ---------------------------------------------------------------------------------------

    @Test
    void shouldNormaliseMoneyToAtLeastTwoDecimalsKeepingFour() {
        // given / when / then
        assertThat(Money.parse("1234.5678").normalized().toString()).isEqualTo("1234.5678");
        assertThat(Money.parse("0.1").normalized().toString()).isEqualTo("0.10");
        assertThat(Money.parse("10").normalized().toString()).isEqualTo("10.00");
        assertThat(Money.parse("1000").normalized().toString()).isEqualTo("1000.00");
        assertThat(Money.of(new BigDecimal("1E+3")).normalized().toString()).isEqualTo("1000.00");
        assertThat(Money.parse("2.50000").normalized().toString()).isEqualTo("2.50");
        assertThat(Money.parse("1.23450").normalized().toString()).isEqualTo("1.2345");
        assertThat(Money.parse("0").normalized().toString()).isEqualTo("0.00");
    }

    @Test
    void shouldCompareMoneyByValueWhateverTheScale() {
        // given
        Money a = Money.parse("10.5");
        Money b = Money.parse("10.50");

        // when / then
        assertThat(a.sameAmountAs(b)).isTrue();
        assertThat(a.compareTo(b)).isZero();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.plus(b).toString()).isEqualTo("21.00");
        assertThat(Money.parse("1.00").minus(Money.parse("1.0001")).isNegative()).isTrue();
    }
}
