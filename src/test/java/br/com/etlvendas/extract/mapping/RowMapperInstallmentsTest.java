package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.transform.SaleValidator;
import br.com.etlvendas.transform.Validation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The optional field installments (parcelas), from a source row through the mapping to the validated sale. */
class RowMapperInstallmentsTest {

    private static final String MAPPING = """
            source: erp
            format: { type: csv, delimiter: ";", header: true }
            time-zone: America/Sao_Paulo
            numbers: { decimal-separator: ",", grouping-separator: "." }
            dates: { patterns: ["dd/MM/yyyy HH:mm"] }
            fields:
              sale_id:     { column: Pedido }
              sold_at:     { column: Data }
              store_id:    { constant: LJ-01 }
              store_state: { constant: SP }
              channel:     { constant: loja }
              currency:    { constant: BRL }
              payment_method: { constant: credit_card }
              line_no:     { column: Item }
              sku:         { column: SKU }
              quantity:    { column: Qtd }
              net_amount:  { column: Total }
            %s
            """;

    @TempDir
    Path dir;

    private Path mappingFile(String installmentsSpec) throws IOException {
        return Files.writeString(dir.resolve("m.yml"), MAPPING.formatted(installmentsSpec));
    }

    private RowMapper mapper(String installmentsSpec) throws IOException {
        return new RowMapper(MappingLoader.load(mappingFile(installmentsSpec), Map.of()));
    }

    private static SourceRow row(String parcelas) {
        ObjectNode data = SaleJson.mapper().createObjectNode();
        data.put("Pedido", "P-1").put("Data", "05/03/2024 14:30").put("Item", "1").put("SKU", "A").put("Qtd", "1")
                .put("Total", "1.234,50");
        if (parcelas != null) {
            data.put("Parcelas", parcelas);
        }
        return new SourceRow(2, data, "P-1;05/03/2024 14:30;1;A;1;1.234,50;" + (parcelas == null ? "" : parcelas));
    }

    private static Validation validate(RawSale sale) {
        return new SaleValidator(Clock.fixed(Instant.parse("2024-03-06T00:00:00Z"), ZoneOffset.UTC)).validate(sale);
    }

    @Test
    void shouldCarryAMappedColumnOfInstallmentsToTheValidatedSale() throws IOException {
        // given a mapping that reads installments from the column Parcelas
        RowMapper mapper = mapper("  installments: { column: Parcelas }");

        // when rows with 10, 1 and 048 instalments are mapped and validated
        RawSale ten = mapper.map(row("10"), "f#L2");
        RawSale one = mapper.map(row("1"), "f#L3");
        RawSale padded = mapper.map(row("048"), "f#L4");

        // then each is published as a whole number and becomes the sale's installments
        assertThat(ten.installments()).isEqualTo("10");
        assertThat(((Validation.Valid) validate(ten)).sale().installments()).isEqualTo(10);
        assertThat(((Validation.Valid) validate(one)).sale().installments()).isEqualTo(1);
        assertThat(((Validation.Valid) validate(padded)).sale().installments()).isEqualTo(48);
    }

    @Test
    void shouldLeaveInstallmentsUnknownWhenUnmappedOrTheColumnIsBlankOrMissing() throws IOException {
        // given one mapping without installments and one that maps them
        RowMapper without = mapper("");
        RowMapper with = mapper("  installments: { column: Parcelas }");

        // when rows with no value for them are mapped
        RawSale unmapped = without.map(row("6"), "f#L2");
        RawSale blank = with.map(row("  "), "f#L3");
        RawSale missing = with.map(row(null), "f#L4");

        // then the sales are valid and their installments unknown (null), not a guess
        for (RawSale sale : new RawSale[]{unmapped, blank, missing}) {
            assertThat(sale.installments()).isNull();
            assertThat(((Validation.Valid) validate(sale)).sale().installments()).isNull();
        }
    }

    @Test
    void shouldRejectARowWhoseInstallmentsAreNotAWholeNumberWithTheReasonAndTheRowText() throws IOException {
        // given a mapping of installments
        RowMapper mapper = mapper("  installments: { column: Parcelas }");

        // when a row says "três" and another "2,5"
        RawSale words = mapper.map(row("três"), "f#L2");
        RawSale fraction = mapper.map(row("2,5"), "f#L3");

        // then each is rejected at the source (it reaches the DLQ) with the reason, where it was read, and the row
        assertThat(words.isUnreadable()).isTrue();
        assertThat(words.unreadableReasons()).containsExactly("installments: 'três' is not a whole number (column Parcelas)");
        assertThat(words.unreadablePayload()).endsWith(";três");
        assertThat(words.origin()).isEqualTo("f#L2");
        assertThat(fraction.unreadableReasons()).containsExactly("installments: '2,5' is not a whole number (column Parcelas)");
    }

    @Test
    void shouldRejectInstallmentsOutOfRangeInValidationWithEveryOtherReason() throws IOException {
        // given a mapping of installments
        RowMapper mapper = mapper("  installments: { column: Parcelas }");

        // when rows say 0, 49 and a huge number, one of them with a bad date as well
        Validation zero = validate(mapper.map(row("0"), "f#L2"));
        Validation tooMany = validate(mapper.map(row("49"), "f#L3"));
        RawSale hugeAndUndated = mapper.map(row("123456789012345678901234567890"), "f#L4");
        Validation huge = validate(new RawSale(hugeAndUndated.saleId(), null, hugeAndUndated.storeId(), null, null,
                hugeAndUndated.storeState(), null, hugeAndUndated.channel(), null, null, null, hugeAndUndated.paymentMethod(),
                hugeAndUndated.currency(), null, hugeAndUndated.lines(), hugeAndUndated.source(), hugeAndUndated.origin(),
                null, null, null, null, hugeAndUndated.installments()));

        // then each is invalid (it goes to the DLQ) with the reason naming the field and the value
        assertThat(((Validation.Invalid) zero).reasons()).containsExactly("installments: must be a whole number from 1 to 48 (got '0')");
        assertThat(((Validation.Invalid) tooMany).reasons()).containsExactly("installments: must be a whole number from 1 to 48 (got '49')");
        assertThat(((Validation.Invalid) huge).reasons()).containsExactlyInAnyOrder("sold_at: is required",
                "installments: must be a whole number from 1 to 48 (got '123456789012345678901234567890')");
    }

    @Test
    void shouldRefuseAMappingWhoseConstantOrValueMapGivesInstallmentsOutOfRange() throws IOException {
        // given a mapping that would give every row 60 instalments, and one mapping a word to 0
        Path constant = mappingFile("  installments: { constant: \"60\" }");
        ConfigException constantRefused = catchThrowableOfType(ConfigException.class, () -> MappingLoader.load(constant, Map.of()));
        Path valueMap = mappingFile("  installments: { column: Parcelas, values: { \"à vista\": \"1\", \"nenhuma\": \"0\" } }");
        ConfigException mapRefused = catchThrowableOfType(ConfigException.class, () -> MappingLoader.load(valueMap, Map.of()));

        // then start-up is refused with the key and the reason, instead of every row going to the DLQ
        assertThat(constantRefused).isNotNull();
        assertThat(constantRefused.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("fields.installments.constant");
            assertThat(p.message()).contains("'60' is not a whole number of instalments from 1 to 48");
        });
        assertThat(mapRefused).isNotNull();
        assertThat(mapRefused.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("fields.installments.values.nenhuma");
            assertThat(p.message()).contains("'0' is not a whole number of instalments from 1 to 48");
        });
    }

    @Test
    void shouldMapAValueMapOfInstallmentWordsToTheirNumber() throws IOException {
        // given exports that write "à vista" for a single payment
        RowMapper mapper = mapper("  installments: { column: Parcelas, values: { \"à vista\": \"1\", \"3x\": \"3\" } }");

        // when / then
        assertThat(((Validation.Valid) validate(mapper.map(row("à vista"), "f#L2"))).sale().installments()).isEqualTo(1);
        assertThat(((Validation.Valid) validate(mapper.map(row("3x"), "f#L3"))).sale().installments()).isEqualTo(3);
    }
}
