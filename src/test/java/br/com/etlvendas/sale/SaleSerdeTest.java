package br.com.etlvendas.sale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import static br.com.etlvendas.sale.SampleSales.line;
import static br.com.etlvendas.sale.SampleSales.sale;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link SaleSerde} ({@link SaleWriter}, {@link SaleReader}) held against the shared mapper as its oracle. */
class SaleSerdeTest {

    private static final String TOPIC = "sales.clean";

    private static List<Sale> superstore;

    private final SaleSerde serde = new SaleSerde();
    private final JsonSerde<Sale> mapped = new JsonSerde<>(Sale.class);

    @BeforeAll
    static void mapTheSuperstoreSample() {
        superstore = SampleSales.validated(SampleSales.superstore());
    }

    /**
     * Bytes equal to the mapper's, and read back as the mapper reads them: by {@link SaleReader} itself when
     * {@code soldAt} is in its form (years 0 to 9999, whole-minute offset). The value read is the sale, unless
     * a decimal has a negative scale (1E+3 is written 1000) or a key a lone surrogate (the mapper writes it as
     * an escape that its parser then refuses in a field name).
     */
    private void assertWrittenAndReadAsTheMapperDoes(Sale sale) throws Exception {
        byte[] expected = SaleJson.mapper().writeValueAsBytes(sale);

        byte[] written = serde.serializer().serialize(TOPIC, sale);

        assertThat(SaleWriter.write(sale)).isEqualTo(written);
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        assertThat(written).isEqualTo(expected);
        Object mapperRead = outcome(() -> mapped.deserializer().deserialize(TOPIC, expected));
        assertThat(outcome(() -> serde.deserializer().deserialize(TOPIC, written))).isEqualTo(mapperRead);
        OffsetDateTime soldAt = sale.soldAt();
        boolean fastForm = soldAt == null || soldAt.getYear() >= 0 && soldAt.getYear() <= 9999
                && soldAt.getOffset().getTotalSeconds() % 60 == 0;
        if (fastForm && mapperRead instanceof Sale) {
            assertThat(SaleReader.read(written)).isEqualTo(mapperRead);
        }
        boolean negativeScale = sale.lines().stream().anyMatch(l -> l.quantity() != null && l.quantity().scale() < 0);
        boolean loneSurrogateKey = sale.lines().stream().flatMap(l -> l.attributes().keySet().stream())
                .anyMatch(k -> !k.equals(new String(k.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)));
        if (!negativeScale && !loneSurrogateKey) {
            assertThat(mapperRead).isEqualTo(sale);
        }
    }

    /** The value, or the exception's type and message: two readers agree when these are equal. */
    private static Object outcome(Callable<?> read) {
        try {
            return read.call();
        } catch (Exception e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
    }

    @Test
    void shouldWriteAndReadEverySuperstoreSaleExactlyAsTheSharedMapperDoes() throws Exception {
        // given the 9,994 Superstore lines as Kafka Streams validates them
        assertThat(superstore).hasSize(9_994);

        for (Sale sale : superstore) {
            // when / then
            assertWrittenAndReadAsTheMapperDoes(sale);
        }
    }

    @Test
    void shouldWriteAndReadEveryValidGeneratedSaleExactlyAsTheSharedMapperDoes() throws Exception {
        // given the demo generator's sales that pass validation: accents, optional customers, several lines
        List<RawSale> raw = new ArrayList<>();
        for (byte[] payload : SampleSales.generatedPayloads(2_000, 23)) {
            RawSale r = new RawSaleSerde().deserializer().deserialize("sales.raw", payload);
            if (!r.isUnreadable()) {
                raw.add(r);
            }
        }
        List<Sale> sales = SampleSales.validated(raw);
        assertThat(sales).hasSizeGreaterThan(1_400);
        assertThat(sales).anyMatch(s -> s.customer().customerId() == null).anyMatch(s -> s.lines().size() > 1)
                .anyMatch(s -> s.soldAt().getNano() != 0)
                .anyMatch(s -> s.installments() != null).anyMatch(s -> s.installments() == null);

        for (Sale sale : sales) {
            // when / then
            assertWrittenAndReadAsTheMapperDoes(sale);
        }
    }

    @Test
    void shouldWriteAndReadHandMadeEdgeCasesExactlyAsTheSharedMapperDoes() throws Exception {
        // given
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("profit", "41.9136");
        attributes.put("empty", "");
        attributes.put("none", null);
        attributes.put("quoted \"key\"", "say \"oi\"\n\tçã 🛒 \u0001 \\ \u2028 \uD800");
        List<Sale> sales = List.of(
                sale(OffsetDateTime.parse("2016-11-08T00:00-05:00"),
                        line(1, "3", "1234.5678", "0.10", "3703.6034"), line(2, "1.500", "19.90", "0.00", "29.85"),
                        line(3, "1", "100", "0", "100")),
                sale(OffsetDateTime.parse("2024-03-01T23:59:59.999999999Z"), line(1, "1", "0.0001", "0", "0.0001")),
                sale(OffsetDateTime.parse("2024-03-01T12:00:00.120+05:45"), line(1, "-2", "-19.90", "-0.00", "39.80")),
                sale(OffsetDateTime.parse("0001-01-01T00:00:00.000001-18:00"), line(1, "1E+3", "1E-7", "0E-10", "1000"))
                        .withLines(List.of(new SaleLine(Integer.MAX_VALUE, "SKU", null, null, null, null, null, null),
                                new SaleLine(Integer.MIN_VALUE, null, "", "", BigDecimal.ZERO, Money.ZERO, Money.ZERO,
                                        Money.of(new BigDecimal("123456789012345678901234567890.123456789")), attributes))),
                new Sale(null, null, null, null, null, null, null, null, List.of(), null),
                new Sale("Sale \"quoted\" \\ back/slash\u0000\u001F", OffsetDateTime.parse("+12345-06-07T08:09:10+14:00"),
                        new Store(null, "Loja \"Ávila\" 🛒", "São João d'Aliança", "GO", null), Channel.ECOMMERCE,
                        new Customer(null, "José \uD83D\uDED2 \u00A0 Ñ", null), null, "", SaleStatus.RETURNED,
                        List.of(new SaleLine(0, "", "", "", new BigDecimal("0.000"), Money.parse("19.90"),
                                Money.parse("0.0000"), Money.parse("-100"), Map.of())), ""),
                new Sale("S-3", OffsetDateTime.of(LocalDateTime.parse("-0044-03-15T12:00"), ZoneOffset.ofHoursMinutesSeconds(0, 17, 30)),
                        new Store("WEB", "Loja Virtual", "Curitiba", "PR", "BR"), Channel.APP, null, PaymentMethod.VOUCHER,
                        "BRL", SaleStatus.CANCELLED, List.of(line(1, "6", "9.99", "2.9970", "56.9430")), "api:x"));

        for (Sale sale : sales) {
            // when / then
            assertWrittenAndReadAsTheMapperDoes(sale);
        }
    }

    @Test
    void shouldWriteAndReadAnyTimeAndOffsetExactlyAsTheSharedMapperDoes() throws Exception {
        // given times of every precision, in and beyond years 0 to 9999, with offsets in minutes and in seconds
        Random random = new Random(17);
        int[] precisions = {0, 1, 10, 100, 1_000, 1_000_000, 100_000_000};
        for (int i = 0; i < 5_000; i++) {
            int year = i % 50 == 0 ? -20_000 + random.nextInt(40_000) : random.nextInt(10_000);
            int nano = random.nextInt(1_000_000_000);
            int precision = precisions[random.nextInt(precisions.length)];
            int offsetSeconds = (random.nextInt(37) - 18) * 3_600 + (random.nextBoolean() ? 0 : random.nextInt(60) * 60)
                    * (random.nextBoolean() ? 1 : -1) + (i % 40 == 0 ? random.nextInt(60) : 0);
            offsetSeconds = Math.max(-64_800, Math.min(64_800, offsetSeconds));
            OffsetDateTime soldAt = OffsetDateTime.of(year, 1 + random.nextInt(12), 1 + random.nextInt(28),
                    random.nextInt(24), random.nextInt(60), random.nextInt(60), precision == 0 ? 0 : nano / precision * precision,
                    ZoneOffset.ofTotalSeconds(offsetSeconds));

            // when / then
            assertWrittenAndReadAsTheMapperDoes(sale(soldAt, line(1, "1", "1.00", "0.00", "1.00")));
        }
    }

    @Test
    void shouldWriteAndReadAnyTextExactlyAsTheSharedMapperDoes() throws Exception {
        // given
        Random random = new Random(13);
        for (int i = 0; i < 2_000; i++) {
            String t = RandomText.of(random);
            Sale sale = new Sale(t, OffsetDateTime.parse("2024-03-01T14:30:00-03:00"), new Store(t, t, t, t, t),
                    Channel.STORE, new Customer(t, t, t), PaymentMethod.PIX, t, SaleStatus.COMPLETED,
                    List.of(new SaleLine(1, t, t, t, BigDecimal.ONE, Money.ZERO, Money.ZERO, Money.ZERO,
                            Map.of(t, t, t + "2", ""))), t);

            // when / then
            assertWrittenAndReadAsTheMapperDoes(sale);
        }
    }

    @Test
    void shouldReadJsonWrittenOtherwiseAsTheSharedMapperDoesErrorsIncluded() {
        // given JSON our writer does not produce: other spellings, coercions, missing, unknown and repeated fields
        String line = "{\"lineNo\":1,\"sku\":\"A\",\"productName\":\"P\",\"category\":\"C\",\"quantity\":2,"
                + "\"unitPrice\":19.90,\"discount\":0,\"netAmount\":39.80,\"attributes\":{}}";
        List<String> payloads = new ArrayList<>();
        for (String soldAt : List.of("\"2016-11-08T00:00-05:00\"", "\"2016-11-08T00:00:00.5Z\"", "\"2016-11-08t00:00:00Z\"",
                "\"2016-11-08T00:00:00z\"", "\" 2016-11-08T00:00:00Z \"", "\"2016-11-08T00:00:00+0100\"",
                "\"2016-11-08T00:00:00+01:00:30\"", "\"2016-11-08T00:00:00.Z\"", "\"2016-11-08T00:00:00.1234567891Z\"",
                "\"2016-02-30T00:00:00Z\"", "\"2016-11-08T24:00:00Z\"", "\"2016-11-08T00:00:00+19:00\"",
                "\"2016-11-08T00:00:60Z\"", "\"2016-11-08T00:00:00\"", "\"2016-11-08\"", "\"\"", "\"-\"",
                "\"1478581200\"", "\"1478581200.5\"", "1478581200", "1478581200.123", "null", "[]", "{}",
                "\"+12016-11-08T00:00:00Z\"", "\"2016-11-08T00:00:00-00:00\"", "\"0000-01-01T00:00Z\"")) {
            payloads.add("{\"saleId\":\"S\",\"soldAt\":" + soldAt + ",\"lines\":[" + line + "]}");
        }
        for (String field : List.of("\"channel\":\"store\"", "\"channel\":\"LOJA\"", "\"channel\":\"\"", "\"channel\":0",
                "\"channel\":\" STORE\"", "\"status\":\"COMPLETED\",\"status\":\"RETURNED\"", "\"paymentMethod\":null",
                "\"store\":{\"storeId\":\"X\"}", "\"store\":{\"storeId\":1,\"extra\":[1,{}]}", "\"store\":\"X\"",
                "\"store\":[]", "\"customer\":{\"name\":true,\"document\":52998224725}", "\"customer\":{}",
                "\"currency\":[]", "\"saleId\":123.450", "\"unknown\":{\"a\":[1,2,{\"b\":null}]}", "\"lines\":null",
                "\"lines\":[null]", "\"lines\":[]", "\"lines\":{}", "\"lines\":[1]",
                "\"lines\":[{\"lineNo\":\"7\"}]", "\"lines\":[{\"lineNo\":1.9}]", "\"lines\":[{\"lineNo\":null}]",
                "\"lines\":[{\"lineNo\":3000000000}]", "\"lines\":[{\"lineNo\":-0,\"quantity\":-0.0}]",
                "\"lines\":[{\"quantity\":\"1.50\"}]", "\"lines\":[{\"quantity\":\" 1.50 \"}]",
                "\"lines\":[{\"unitPrice\":\"19.90\"}]", "\"lines\":[{\"unitPrice\":{\"amount\":19.90}}]",
                "\"lines\":[{\"unitPrice\":1e3,\"discount\":1.0E-2,\"netAmount\":-12.3400e+2}]",
                "\"lines\":[{\"unitPrice\":null,\"discount\":true}]", "\"lines\":[{\"attributes\":null}]",
                "\"lines\":[{\"attributes\":{\"b\":1,\"a\":null,\"b\":\"x\"}}]", "\"lines\":[{\"sku\":\"a\",\"sku\":\"b\"}]",
                "\"lines\":[{\"attributes\":[]}]", "\"lines\":[{\"attributes\":\"\"}]")) {
            payloads.add("{\"saleId\":\"S\",\"soldAt\":\"2016-11-08T00:00:00-05:00\",\"lines\":[" + line + "]," + field + "}");
        }
        payloads.addAll(List.of("null", "", "[]", "\"S\"", "{}", "{\"lines\":[]} trailing", "{\"lines\":[", "not json"));

        for (String json : payloads) {
            byte[] payload = json.getBytes(StandardCharsets.UTF_8);

            // when
            Object read = outcome(() -> serde.deserializer().deserialize(TOPIC, payload));

            // then
            assertThat(read).as(json).isEqualTo(outcome(() -> mapped.deserializer().deserialize(TOPIC, payload)));
        }
    }

    @Test
    void shouldPassNullThrough() {
        // given / when / then
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }
}
