package br.com.etlvendas.sale;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema evolution of the sale events: {@code installments} was added to {@code sales.raw} and {@code sales.clean}
 * as an optional field. The fixtures below are records exactly as the format wrote them before the field existed
 * (taken from the build of the commit before it), so these tests fail if records already on the topics stop
 * reading, or if a record without the field stops being the bytes it was.
 */
public class SaleEventEvolutionTest {

    /** A {@code sales.clean} record written before installments existed. */
    public static final String CLEAN_BEFORE_INSTALLMENTS = "{\"saleId\":\"PED-2026-000123\",\"soldAt\":\"2026-11-28T14:30:05.25-03:00\","
            + "\"store\":{\"storeId\":\"LJ-SP-01\",\"name\":\"Loja Paulista\",\"city\":\"São Paulo\",\"state\":\"SP\",\"country\":\"BR\"},"
            + "\"channel\":\"STORE\",\"customer\":{\"customerId\":\"C100234\",\"name\":\"Ana Souza\",\"document\":\"52998224725\"},"
            + "\"paymentMethod\":\"CREDIT_CARD\",\"currency\":\"BRL\",\"status\":\"COMPLETED\",\"lines\":["
            + "{\"lineNo\":1,\"sku\":\"CAFE-500G\",\"productName\":\"Café Torrado 500g\",\"category\":\"Mercado\",\"quantity\":2,"
            + "\"unitPrice\":19.90,\"discount\":0.00,\"netAmount\":39.80,\"attributes\":{\"lucro\":\"7,96\"}},"
            + "{\"lineNo\":2,\"sku\":\"TV-50-4K\",\"productName\":\"Smart TV 50\\\" 4K\",\"category\":\"Eletrônicos\",\"quantity\":1,"
            + "\"unitPrice\":2899.00,\"discount\":145.00,\"netAmount\":2754.00,\"attributes\":{}}],"
            + "\"source\":\"generator:run-1\",\"version\":3,\"wholeSale\":true,\"revision\":\"WHOLE\"}";

    /** A {@code sales.raw} record written before installments existed. */
    public static final String RAW_BEFORE_INSTALLMENTS = "{\"saleId\":\"PED-2026-000123\",\"soldAt\":\"2026-11-28T14:30:05.250-03:00\","
            + "\"storeId\":\"LJ-SP-01\",\"storeName\":\"Loja Paulista\",\"storeCity\":\"São Paulo\",\"storeState\":\"SP\","
            + "\"channel\":\"loja\",\"customerId\":\"C100234\",\"customerName\":\"Ana Souza\",\"customerDocument\":\"529.982.247-25\","
            + "\"paymentMethod\":\"cartão de crédito\",\"currency\":\"BRL\",\"status\":\"COMPLETED\",\"lines\":["
            + "{\"lineNo\":\"1\",\"sku\":\"CAFE-500G\",\"productName\":\"Café Torrado 500g\",\"category\":\"Mercado\",\"quantity\":\"2\","
            + "\"unitPrice\":\"19.90\",\"discount\":\"0.00\",\"netAmount\":\"39.80\"}],"
            + "\"source\":\"generator:run-1\",\"origin\":\"seq=123\",\"wholeSale\":true}";

    private final SaleSerde clean = new SaleSerde();
    private final RawSaleSerde raw = new RawSaleSerde();

    /** The sale the {@code sales.clean} fixture holds, with the given installments. */
    private static Sale fixtureSale(Integer installments) {
        return new Sale("PED-2026-000123", OffsetDateTime.parse("2026-11-28T14:30:05.250-03:00"),
                new Store("LJ-SP-01", "Loja Paulista", "São Paulo", "SP", "BR"), Channel.STORE,
                new Customer("C100234", "Ana Souza", "52998224725"), PaymentMethod.CREDIT_CARD, "BRL", SaleStatus.COMPLETED,
                List.of(new SaleLine(1, "CAFE-500G", "Café Torrado 500g", "Mercado", new BigDecimal("2"),
                                Money.of(new BigDecimal("19.90")), Money.of(new BigDecimal("0.00")), Money.of(new BigDecimal("39.80")),
                                Map.of("lucro", "7,96")),
                        new SaleLine(2, "TV-50-4K", "Smart TV 50\" 4K", "Eletrônicos", new BigDecimal("1"),
                                Money.of(new BigDecimal("2899.00")), Money.of(new BigDecimal("145.00")),
                                Money.of(new BigDecimal("2754.00")), Map.of())),
                "generator:run-1", 3L, true, SaleRevision.WHOLE, installments);
    }

    private static RawSale fixtureRawSale(String installments) {
        return new RawSale("PED-2026-000123", "2026-11-28T14:30:05.250-03:00", "LJ-SP-01", "Loja Paulista", "São Paulo",
                "SP", null, "loja", "C100234", "Ana Souza", "529.982.247-25", "cartão de crédito", "BRL", "COMPLETED",
                List.of(new RawSaleLine("1", "CAFE-500G", "Café Torrado 500g", "Mercado", "2", "19.90", "0.00", "39.80")),
                "generator:run-1", "seq=123", null, null, null, Boolean.TRUE, installments);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldReadACleanRecordWrittenBeforeInstallmentsExistedAsTheSameSaleWithoutInstallments() throws Exception {
        // given a sales.clean record as the format wrote it before the field
        byte[] old = utf8(CLEAN_BEFORE_INSTALLMENTS);

        // when it is read by the loader's serde, by the fast reader alone and by the shared mapper
        Sale bySerde = clean.deserializer().deserialize("sales.clean", old);
        Sale byFastReader = SaleReader.read(old);
        Sale byMapper = SaleJson.mapper().readValue(old, Sale.class);

        // then each gives every field as written, and no installments
        assertThat(bySerde).isEqualTo(fixtureSale(null)).isEqualTo(byFastReader).isEqualTo(byMapper);
        assertThat(bySerde.installments()).isNull();
        assertThat(bySerde.lines().get(1).unitPrice().amount()).isEqualTo(new BigDecimal("2899.00"));
    }

    @Test
    void shouldWriteACleanSaleWithoutInstallmentsAsTheSameBytesAsBeforeTheField() {
        // given a sale whose source gave no installments
        Sale sale = fixtureSale(null);

        // when Kafka Streams' serde writes it
        byte[] written = clean.serializer().serialize("sales.clean", sale);

        // then it is byte for byte the record of the format before the field: readers of that format see no change
        assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(CLEAN_BEFORE_INSTALLMENTS);
    }

    @Test
    void shouldRoundTripACleanSaleWithInstallmentsAsTheSharedMapperDoes() throws Exception {
        // given a sale paid in 10 instalments
        Sale sale = fixtureSale(10);

        // when written and read back
        byte[] written = clean.serializer().serialize("sales.clean", sale);
        Sale read = clean.deserializer().deserialize("sales.clean", written);

        // then the field is the last one, the bytes are the mapper's, and every reader gives the sale back
        String json = new String(written, StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(CLEAN_BEFORE_INSTALLMENTS.substring(0, CLEAN_BEFORE_INSTALLMENTS.length() - 1)
                + ",\"installments\":10}");
        assertThat(written).isEqualTo(SaleJson.mapper().writeValueAsBytes(sale));
        assertThat(read).isEqualTo(sale);
        assertThat(SaleReader.read(written)).isEqualTo(sale);
        assertThat(SaleJson.mapper().readValue(written, Sale.class)).isEqualTo(sale);
    }

    @Test
    void shouldReadInstallmentsWrittenOtherwiseAsTheSharedMapperDoes() throws Exception {
        // given installments as text and as an explicit null: forms the fast reader leaves to the mapper or reads itself
        String base = CLEAN_BEFORE_INSTALLMENTS.substring(0, CLEAN_BEFORE_INSTALLMENTS.length() - 1);
        byte[] asText = utf8(base + ",\"installments\":\"6\"}");
        byte[] asNull = utf8(base + ",\"installments\":null}");

        // when / then: the serde's answer is the mapper's
        assertThat(clean.deserializer().deserialize("sales.clean", asText)).isEqualTo(SaleJson.mapper().readValue(asText, Sale.class))
                .isEqualTo(fixtureSale(6));
        assertThat(clean.deserializer().deserialize("sales.clean", asNull)).isEqualTo(SaleJson.mapper().readValue(asNull, Sale.class))
                .isEqualTo(fixtureSale(null));
    }

    @Test
    void shouldReadARawRecordWrittenBeforeInstallmentsExistedAndWriteItAgainUnchanged() throws Exception {
        // given a sales.raw record as sources published it before the field
        byte[] old = utf8(RAW_BEFORE_INSTALLMENTS);

        // when Kafka Streams reads it, and a source writes the same sale today
        RawSale read = raw.deserializer().deserialize("sales.raw", old);
        byte[] writtenNow = raw.serializer().serialize("sales.raw", fixtureRawSale(null));

        // then it reads without installments, as the mapper reads it, and today's bytes are the old ones
        assertThat(read).isEqualTo(fixtureRawSale(null)).isEqualTo(SaleJson.mapper().readValue(old, RawSale.class));
        assertThat(read.installments()).isNull();
        assertThat(new String(writtenNow, StandardCharsets.UTF_8)).isEqualTo(RAW_BEFORE_INSTALLMENTS);
    }

    @Test
    void shouldRoundTripARawRecordWithInstallmentsAsTheSharedMapperDoes() throws Exception {
        // given a source's record of a sale in 3 instalments
        RawSale sale = fixtureRawSale("3");

        // when published and read back
        byte[] written = raw.serializer().serialize("sales.raw", sale);
        RawSale read = raw.deserializer().deserialize("sales.raw", written);

        // then the field is written last, as the mapper writes it, and read back as it was
        assertThat(new String(written, StandardCharsets.UTF_8)).endsWith(",\"wholeSale\":true,\"installments\":\"3\"}");
        assertThat(written).isEqualTo(SaleJson.mapper().writeValueAsBytes(sale));
        assertThat(read).isEqualTo(sale);
        assertThat(RawSaleReader.read(written)).isEqualTo(sale);
        // a sender's JSON number is taken as its text, as for every other raw field
        assertThat(raw.deserializer().deserialize("sales.raw", utf8(RAW_BEFORE_INSTALLMENTS.replace(
                "\"wholeSale\":true}", "\"wholeSale\":true,\"installments\":12}"))).installments()).isEqualTo("12");
    }
}
