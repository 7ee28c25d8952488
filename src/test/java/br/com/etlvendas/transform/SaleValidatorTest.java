package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SaleValidatorTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-03-02T12:00:00Z"), ZoneOffset.UTC);

    private final SaleValidator validator = new SaleValidator(CLOCK);

    // ---- builders ------------------------------------------------------------------------------------

    private static RawSaleLine rawLine(String lineNo, String qty, String price, String discount, String net) {
        return new RawSaleLine(lineNo, "sku-" + lineNo, "Arroz 5kg", "Mercearia", qty, price, discount, net);
    }

    private static RawSale raw(String saleId, String soldAt, String state, String channel, String payment,
                               String document, List<RawSaleLine> lines) {
        return new RawSale(saleId, soldAt, "LJ-01", "Loja Centro", "Campinas", state, channel, "C-1", "Ana Souza",
                document, payment, "BRL", "concluída", lines, "generator:run-1", "seq-7", null, null);
    }

    private static RawSale validRaw(List<RawSaleLine> lines) {
        return raw("S-100", "2024-03-01T14:30:00-03:00", "sp", "ecommerce", "pix", null, lines);
    }

    private Sale valid(RawSale raw) {
        Validation v = validator.validate(raw);
        assertThat(v).as("validation of %s", raw).isInstanceOf(Validation.Valid.class);
        return ((Validation.Valid) v).sale();
    }

    private List<String> reasons(RawSale raw) {
        Validation v = validator.validate(raw);
        assertThat(v).as("validation of %s", raw).isInstanceOf(Validation.Invalid.class);
        Validation.Invalid invalid = (Validation.Invalid) v;
        assertThat(invalid.raw()).isSameAs(raw);
        return invalid.reasons();
    }

    // ---- valid sales ---------------------------------------------------------------------------------

    @Test
    void shouldTurnValidRawSaleIntoTypedSale() {
        // given
        RawSale raw = new RawSale(" S-100 ", "2024-03-01T14:30:00-03:00", "LJ-01", " Loja Centro ", "Campinas", " sp ",
                "E-commerce", "C-1", "Ana Souza", "529.982.247-25", "PIX", "brl", "pago",
                List.of(rawLine("1", "2", "10.50", "1.00", "20.00"), rawLine("2", "1.5", "3.3333", null, "4.99995")),
                "generator:run-1", "seq-7", null, null);

        // when
        Sale sale = valid(raw);

        // then
        assertThat(sale.saleId()).isEqualTo("S-100");
        assertThat(sale.soldAt()).isEqualTo(OffsetDateTime.parse("2024-03-01T14:30:00-03:00"));
        assertThat(sale.soldAt().getOffset()).isEqualTo(ZoneOffset.ofHours(-3));
        assertThat(sale.store().storeId()).isEqualTo("LJ-01");
        assertThat(sale.store().name()).isEqualTo("Loja Centro");
        assertThat(sale.store().state()).isEqualTo("SP");
        assertThat(sale.channel()).isEqualTo(Channel.ECOMMERCE);
        assertThat(sale.paymentMethod()).isEqualTo(PaymentMethod.PIX);
        assertThat(sale.currency()).isEqualTo("BRL");
        assertThat(sale.status()).isEqualTo(SaleStatus.COMPLETED);
        assertThat(sale.customer().document()).isEqualTo("52998224725");
        assertThat(sale.source()).isEqualTo("generator:run-1");
        assertThat(sale.lines()).hasSize(2);
        SaleLine first = sale.lines().get(0);
        assertThat(first.lineNo()).isEqualTo(1);
        assertThat(first.sku()).isEqualTo("sku-1");
        assertThat(first.quantity()).isEqualByComparingTo("2");
        assertThat(first.unitPrice().amount().toPlainString()).isEqualTo("10.50");
        assertThat(first.discount().amount().toPlainString()).isEqualTo("1.00");
        assertThat(first.netAmount().amount().toPlainString()).isEqualTo("20.00");
        SaleLine second = sale.lines().get(1);
        assertThat(second.unitPrice().amount().toPlainString()).isEqualTo("3.3333");
        assertThat(second.discount().amount()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(second.netAmount().amount().toPlainString()).isEqualTo("4.99995");
    }

    @Test
    void shouldDefaultMissingStatusToCompletedAndMissingSourceToUnknown() {
        // given
        RawSale raw = new RawSale("S-1", "2024-03-01T14:30:00Z", "LJ-01", null, null, "RJ", "app", null, null, null,
                "cash", "BRL", "  ", List.of(rawLine("1", "1", "5.00", null, null)), null, null, null, null);

        // when
        Sale sale = valid(raw);

        // then
        assertThat(sale.status()).isEqualTo(SaleStatus.COMPLETED);
        assertThat(sale.source()).isEqualTo("unknown");
        assertThat(sale.customer().document()).isNull();
    }

    @Test
    void shouldAcceptPortugueseSynonyms() {
        // given
        RawSale raw = raw("S-2", "2024-03-01T10:00:00-03:00", "MG", "loja", "cartão de crédito", null,
                List.of(rawLine("1", "1", "5.00", null, null)));
        RawSale other = new RawSale("S-3", "2024-03-01T10:00:00-03:00", "LJ-01", null, null, "BA", "Loja Virtual", null, null,
                null, "Dinheiro", "BRL", "Cancelada", List.of(rawLine("1", "1", "5.00", null, null)), "s", null, null, null);

        // when
        Sale sale = valid(raw);
        Sale otherSale = valid(other);

        // then
        assertThat(sale.channel()).isEqualTo(Channel.STORE);
        assertThat(sale.paymentMethod()).isEqualTo(PaymentMethod.CREDIT_CARD);
        assertThat(sale.status()).isEqualTo(SaleStatus.COMPLETED);
        assertThat(otherSale.channel()).isEqualTo(Channel.ECOMMERCE);
        assertThat(otherSale.paymentMethod()).isEqualTo(PaymentMethod.CASH);
        assertThat(otherSale.status()).isEqualTo(SaleStatus.CANCELLED);
    }

    // ---- every reason at once ------------------------------------------------------------------------

    @Test
    void shouldRejectSaleWithSeveralProblemsListingEveryReason() {
        // given a sale with five problems
        RawSale raw = raw(null, "2024-03-01T14:30:00-03:00", "XX", "loja", "cheque", null,
                List.of(rawLine("1", "-2", "10.00", null, null),
                        rawLine("2", "3", "10.00", "1.00", "25.00")));

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).hasSize(5);
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("sale_id:").contains("required"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("store_state:").contains("'XX'"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("payment_method:").contains("'cheque'"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[0].quantity:").contains("greater than zero"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[1].net_amount:")
                .contains("25.00").contains("29.00"));
    }

    @Test
    void shouldRefuseNumbersThatWouldExpandIntoHugeDigitStringsNamingTheFieldAndTheBounds() {
        // given numbers whose text is short but whose digits are not, and a number text of a megabyte
        RawSale raw = validRaw(List.of(rawLine("1", "1e999999999", "10.00", null, null),
                rawLine("2", "1", "1E-999999999", null, null),
                rawLine("3", "1", "2.00", "9".repeat(1_000_000), null),
                rawLine("4", "1", "1234567890123456789", null, null)));

        // when
        List<String> reasons = reasons(raw);

        // then each is refused by field, quickly, with the bounds, and the reason quotes at most a short prefix
        assertThat(reasons).anyMatch(r -> r.startsWith("lines[0].quantity: '1e999999999' is out of range: at most 18 digits"))
                .anyMatch(r -> r.startsWith("lines[1].unit_price: '1E-999999999' is out of range"))
                .anyMatch(r -> r.startsWith("lines[2].discount: '9999999999") && r.contains("...' is out of range"))
                .anyMatch(r -> r.startsWith("lines[3].unit_price: '1234567890123456789' is out of range"));
        assertThat(String.join("", reasons).length()).isLessThan(2_000);
    }

    @Test
    void shouldAcceptNumbersAtTheBoundsAndTrailingZerosBeyondThem() {
        Sale sale = valid(validRaw(List.of(rawLine("1", "1.0000000000000000000000", "123456789012345678.12345678901234567891", null, null),
                rawLine("2", "2E+3", "0.0001", null, null))));

        assertThat(sale.lines().get(0).unitPrice().amount()).isEqualByComparingTo("123456789012345678.12345678901234567891");
        assertThat(sale.lines().get(1).quantity()).isEqualByComparingTo("2000");
    }

    @Test
    void shouldRejectSaleWithoutAnyFieldsListingEachRequiredOne() {
        // given
        RawSale raw = new RawSale(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).extracting(r -> r.substring(0, r.indexOf(':')))
                .containsExactlyInAnyOrder("sale_id", "sold_at", "store_id", "store_state", "channel",
                        "currency", "lines");
    }

    @Test
    void shouldAcceptSaleFromAnotherCountryWithItsOwnStateNameAndNoPaymentMethod() {
        // given a US export: no payment column, states by name
        RawSale raw = new RawSale("CA-2016-152156", "2016-11-08T00:00:00-05:00", "SUPERSTORE", null, "Henderson",
                "Kentucky", "US", "store", "CG-12520", "Claire Gute", null, null, "USD", null,
                List.of(new RawSaleLine("1", "FUR-BO-10001798", "Bookcase", "Furniture", "2", null, null, "261.96",
                        java.util.Map.of("profit", "41.9136"))), "superstore", "superstore.csv:2", null, null);

        // when
        Validation result = validator.validate(raw);

        // then
        assertThat(result).isInstanceOf(Validation.Valid.class);
        Sale sale = ((Validation.Valid) result).sale();
        assertThat(sale.store().country()).isEqualTo("US");
        assertThat(sale.store().state()).isEqualTo("Kentucky");
        assertThat(sale.paymentMethod()).isNull();
        assertThat(sale.lines().get(0).attributes()).containsEntry("profit", "41.9136");
    }

    @Test
    void shouldRejectUnknownCountryAndBrazilianStateCheckOnlyForBrazil() {
        // given
        RawSale raw = new RawSale("S-9", "2024-03-01T14:30:00-03:00", "L1", null, null, "XX", "ZZ", "loja", null,
                null, null, "pix", "BRL", null, List.of(new RawSaleLine("1", "SKU", null, null, "1", "5.00", null, null)),
                "test", null, null, null);

        // when
        List<String> reasons = reasons(raw);

        // then: the country is wrong; the state is then checked as Brazilian, the default
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("store_country:").contains("ZZ"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("store_state:"));
    }

    @Test
    void shouldRejectSoldAtWithoutOffset() {
        // given
        RawSale raw = raw("S-1", "2024-03-01T14:30:00", "SP", "loja", "pix", null,
                List.of(rawLine("1", "1", "5.00", null, null)));

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).singleElement().asString().startsWith("sold_at:").contains("no UTC offset");
    }

    @Test
    void shouldRejectSoldAtThatIsNotADateOrIsInTheFuture() {
        // given
        RawSale notADate = raw("S-1", "01/03/2024 14:30", "SP", "loja", "pix", null,
                List.of(rawLine("1", "1", "5.00", null, null)));
        RawSale future = raw("S-2", "2024-03-04T12:00:00Z", "SP", "loja", "pix", null,
                List.of(rawLine("1", "1", "5.00", null, null)));
        RawSale slightlyAhead = raw("S-3", "2024-03-03T11:00:00Z", "SP", "loja", "pix", null,
                List.of(rawLine("1", "1", "5.00", null, null)));

        // when / then
        assertThat(reasons(notADate)).singleElement().asString().startsWith("sold_at:").contains("ISO-8601");
        assertThat(reasons(future)).singleElement().asString().startsWith("sold_at:").contains("future");
        assertThat(valid(slightlyAhead).soldAt()).isEqualTo(OffsetDateTime.parse("2024-03-03T11:00:00Z"));
    }

    @Test
    void shouldRejectUnreadableRawSaleWithItsReason() {
        // given
        RawSale raw = RawSale.unreadable("garbage{", "payload is not a readable sale: Unrecognized token 'garbage'");

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).containsExactly("payload is not a readable sale: Unrecognized token 'garbage'");
    }

    @Test
    void shouldRejectUnknownCurrencyAndChannelAndStatus() {
        // given
        RawSale raw = new RawSale("S-1", "2024-03-01T14:30:00Z", "LJ-01", null, null, "SP", "carrier pigeon", null, null,
                null, "pix", "REAL", "lost", List.of(rawLine("1", "1", "5.00", null, null)), "s", null, null, null);

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).hasSize(3);
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("channel:"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("currency:").contains("'REAL'"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("status:").contains("'lost'"));
    }

    @Test
    void shouldRejectBadLineFields() {
        // given
        RawSale raw = validRaw(List.of(
                rawLine("0", "1", "5.00", null, null),
                rawLine("2", "abc", "5.00", null, null),
                rawLine("2", "1", "-5.00", null, null),
                new RawSaleLine("4", " ", null, null, "1", "5.00", "x", null)));

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[0].line_no:").contains("'0'"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[1].quantity:").contains("'abc'"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[2].line_no:").contains("appears twice"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[2].unit_price:").contains("negative"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[3].sku:").contains("required"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("lines[3].discount:").contains("'x'"));
        assertThat(reasons).hasSize(6);
    }

    @Test
    void shouldRejectLineWithNeitherUnitPriceNorNetAmount() {
        // given
        RawSale raw = validRaw(List.of(rawLine("1", "1", null, null, null)));

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).singleElement().asString().startsWith("lines[0].unit_price:").contains("net_amount");
    }

    @Test
    void shouldRejectLineWhosePriceAndNetAmountAreBlankInsteadOfDroppingIt() {
        // given blank text rather than missing fields
        RawSale blankBoth = validRaw(List.of(rawLine("1", "1", " ", null, "")));
        RawSale blankNet = validRaw(List.of(rawLine("1", "1", "5.00", null, " ")));
        RawSale blankPrice = validRaw(List.of(rawLine("1", "2", "", null, "10.00")));

        // when / then
        assertThat(reasons(blankBoth)).singleElement().asString().startsWith("lines[0].unit_price:");
        assertThat(valid(blankNet).lines()).singleElement()
                .satisfies(l -> assertThat(l.netAmount().amount()).isEqualByComparingTo("5.00"));
        assertThat(valid(blankPrice).lines()).singleElement()
                .satisfies(l -> assertThat(l.unitPrice().amount()).isEqualByComparingTo("5.00"));
    }

    @Test
    void shouldRejectSaleWithoutLines() {
        // given
        RawSale raw = validRaw(List.of());

        // when / then
        assertThat(reasons(raw)).singleElement().asString().startsWith("lines:");
    }

    @Test
    void shouldRejectBadSaleId() {
        // given
        RawSale raw = raw("S 1; DROP TABLE", "2024-03-01T14:30:00Z", "SP", "loja", "pix", null,
                List.of(rawLine("1", "1", "5.00", null, null)));

        // when / then
        assertThat(reasons(raw)).singleElement().asString().startsWith("sale_id:");
    }

    // ---- CPF / CNPJ ----------------------------------------------------------------------------------

    @Test
    void shouldAcceptValidCpfAndNormaliseItToDigits() {
        // given
        RawSale raw = raw("S-1", "2024-03-01T14:30:00Z", "SP", "loja", "pix", "529.982.247-25",
                List.of(rawLine("1", "1", "5.00", null, null)));

        // when
        Sale sale = valid(raw);

        // then
        assertThat(sale.customer().document()).isEqualTo("52998224725");
    }

    @Test
    void shouldAcceptValidCnpjAndNormaliseItToDigits() {
        // given
        RawSale raw = raw("S-1", "2024-03-01T14:30:00Z", "SP", "loja", "pix", "11.222.333/0001-81",
                List.of(rawLine("1", "1", "5.00", null, null)));

        // when
        Sale sale = valid(raw);

        // then
        assertThat(sale.customer().document()).isEqualTo("11222333000181");
    }

    @Test
    void shouldRejectCpfWithRepeatedOrWrongCheckDigits() {
        // given
        List<String> bad = List.of("111.111.111-11", "529.982.247-24", "529.982.247-15", "12345", "11.222.333/0001-82");

        for (String document : bad) {
            RawSale raw = raw("S-1", "2024-03-01T14:30:00Z", "SP", "loja", "pix", document,
                    List.of(rawLine("1", "1", "5.00", null, null)));

            // when
            List<String> reasons = reasons(raw);

            // then
            assertThat(reasons).as(document).singleElement().asString()
                    .startsWith("customer_document:").contains(document);
        }
    }

    // ---- derived amounts -----------------------------------------------------------------------------

    @Test
    void shouldComputeNetAmountWhenOnlyUnitPriceIsGiven() {
        // given
        RawSale raw = validRaw(List.of(rawLine("1", "3", "19.9900", "2.00", null)));

        // when
        SaleLine line = valid(raw).lines().get(0);

        // then
        assertThat(line.netAmount().amount()).isEqualByComparingTo("57.97");
        assertThat(line.unitPrice().amount().toPlainString()).isEqualTo("19.9900");
    }

    @Test
    void shouldDeriveUnitPriceWhenOnlyNetAmountIsGiven() {
        // given
        RawSale raw = validRaw(List.of(rawLine("1", "3", null, "1.00", "29.00"),
                rawLine("2", "3", null, null, "10.00")));

        // when
        List<SaleLine> lines = valid(raw).lines();

        // then
        assertThat(lines.get(0).unitPrice().amount()).isEqualByComparingTo("10");
        assertThat(lines.get(0).netAmount().amount().toPlainString()).isEqualTo("29.00");
        assertThat(lines.get(1).unitPrice().amount().toPlainString()).isEqualTo("3.3333");
    }

    @Test
    void shouldAcceptNetAmountWithinOneCentOfTheExpected() {
        // given 3 × 3.3333 = 9.9999, declared as 10.00
        RawSale raw = validRaw(List.of(rawLine("1", "3", "3.3333", null, "10.00")));

        // when
        SaleLine line = valid(raw).lines().get(0);

        // then
        assertThat(line.netAmount().amount().toPlainString()).isEqualTo("10.00");
    }

    @Test
    void shouldRejectDiscountLargerThanTheLineWhenNetAmountIsComputed() {
        // given 1 × 5.00 − 8.00 would be a negative net amount
        RawSale raw = validRaw(List.of(rawLine("1", "1", "5.00", "8.00", null)));

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).singleElement().asString().startsWith("lines[0].discount:").contains("8.00").contains("exceeds");
    }

    @Test
    void shouldRejectTextWithANulCharacterThatTheWarehouseCannotStore() {
        // given a product name with U+0000 in it, as broken exports sometimes carry
        RawSale raw = new RawSale("S-NUL", "2024-03-01T14:30:00-03:00", "L1", null, null, "SP", "BR", "loja", null,
                null, null, "pix", "BRL", null,
                List.of(new RawSaleLine("1", "SKU", "Caf\u0000e", null, "1", "5.00", null, null)), "test", null, null, null);

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).singleElement().asString().startsWith("lines[0].product_name:").contains("NUL");
    }

    @Test
    void shouldNameEveryFieldWithANulCharacterInFieldOrder() {
        // given NUL characters in the sale, in a line, in an attribute's name and in another attribute's value
        java.util.Map<String, String> attributes = new java.util.LinkedHashMap<>();
        attributes.put("profit", "41.9\u0000");
        attributes.put("ship\u0000mode", "air");
        attributes.put("empty", null);
        attributes.put("clean", "x");
        RawSale raw = new RawSale("S-\u0000", "2024-03-01T14:30:00-03:00", "L1", "Loja\u0000", null, "SP", "BR", "loja",
                null, "Ana\u0000", null, "pix", "BRL", null,
                java.util.Arrays.asList(new RawSaleLine("1", "SKU", "Cafe", null, "1", "5.00", null, null),
                        null, new RawSaleLine("3", "S\u0000", null, "C\u0000", "1", "5.00", null, null, attributes)),
                "test", null, null, null);

        // when
        List<String> reasons = reasons(raw);

        // then
        String nul = ": contains a NUL character (U+0000), which the warehouse cannot store";
        assertThat(reasons).startsWith("sale_id" + nul, "store_name" + nul, "customer_name" + nul, "lines[2].sku" + nul,
                "lines[2].category" + nul, "lines[2].attributes.profit" + nul, "lines[2].attributes.ship\u0000mode" + nul);
        assertThat(reasons).filteredOn(r -> r.contains("NUL")).hasSize(7);
    }

    @Test
    void shouldSpellEachLineReasonWithTheLineIndexAndField() {
        // given
        RawSale raw = validRaw(List.of(
                rawLine("0", "1", "5.00", null, null),
                rawLine("2", "abc", "5.00", null, null),
                rawLine("2", "-1", "-5.00", null, null),
                new RawSaleLine(null, " ", null, null, null, "x", "x", "y"),
                rawLine("5", "2", "5.00", "1.00", "20.00"),
                rawLine("6", "1", "5.00", "8.00", null),
                rawLine("7", "1", null, null, " ")));

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).containsExactly(
                "lines[0].line_no: must be a whole number from 1 (got '0')",
                "lines[1].quantity: 'abc' is not a decimal number such as 1234.56",
                "lines[2].line_no: 2 appears twice in the sale",
                "lines[2].quantity: must be greater than zero (got -1)",
                "lines[2].unit_price: must not be negative (got -5.00)",
                "lines[3].line_no: is required",
                "lines[3].sku: is required",
                "lines[3].quantity: is required",
                "lines[3].unit_price: 'x' is not a decimal number such as 1234.56",
                "lines[3].discount: 'x' is not a decimal number such as 1234.56",
                "lines[3].net_amount: 'y' is not a decimal number such as 1234.56",
                "lines[4].net_amount: 20.00 differs from quantity × unit_price − discount = 9.00",
                "lines[5].discount: 8.00 exceeds quantity × unit_price = 5.00",
                "lines[6].unit_price: one of unit_price and net_amount is required");
    }

    @Test
    void shouldListTheKnownValuesWhenAnEnumFieldIsUnknown() {
        // given
        RawSale raw = new RawSale("S-1", "2024-03-01T14:30:00Z", "LJ-01", null, null, "SP", " carrier pigeon ", null, null,
                null, "cheque", "BRL", "lost", List.of(rawLine("1", "1", "5.00", null, null)), "s", null, null, null);

        // when
        List<String> reasons = reasons(raw);

        // then
        assertThat(reasons).containsExactly(
                "channel: 'carrier pigeon' is not one of [STORE, ECOMMERCE, MARKETPLACE, APP, PHONE]",
                "payment_method: 'cheque' is not one of [PIX, CREDIT_CARD, DEBIT_CARD, BOLETO, CASH, VOUCHER]",
                "status: 'lost' is not one of [COMPLETED, CANCELLED, RETURNED]");
    }
}
