package br.com.etlvendas.extract.mapping;

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

/** The mapping's version fields and whole-sale flag, from a row to the validated sale. */
class RowMapperVersionsTest {

    private static final String MAPPING = """
            source: erp
            format: { type: csv, delimiter: ";", header: true }
            time-zone: America/Sao_Paulo
            dates: { patterns: ["dd/MM/yyyy HH:mm"] }
            %s
            fields:
              sale_id:     { column: Pedido }
              sold_at:     { column: Data }
              store_id:    { constant: LJ-01 }
              store_state: { constant: SP }
              channel:     { constant: loja }
              currency:    { constant: BRL }
              line_no:     { column: Item }
              sku:         { column: SKU }
              quantity:    { column: Qtd }
              net_amount:  { column: Total }
            %s
            """;

    @TempDir
    Path dir;

    private RowMapper mapper(String topLevel, String moreFields) throws IOException {
        return new RowMapper(MappingLoader.load(Files.writeString(dir.resolve("m.yml"),
                MAPPING.formatted(topLevel, moreFields)), Map.of()));
    }

    private static SourceRow row(String... extra) {
        ObjectNode data = SaleJson.mapper().createObjectNode();
        data.put("Pedido", "P-1").put("Data", "05/03/2024 14:30").put("Item", "1").put("SKU", "A").put("Qtd", "1")
                .put("Total", "10.00");
        for (int i = 0; i < extra.length; i += 2) {
            data.put(extra[i], extra[i + 1]);
        }
        return new SourceRow(2, data, "row");
    }

    private static Validation.Valid validated(RawSale sale) {
        return (Validation.Valid) new SaleValidator(Clock.fixed(Instant.parse("2024-03-06T00:00:00Z"), ZoneOffset.UTC))
                .validate(sale);
    }

    @Test
    void shouldPublishNoVersionAndNoWholeSaleFlagWhenTheMappingSaysNeither() throws IOException {
        RawSale sale = mapper("", "").map(row(), "f#L2");

        assertThat(sale.version()).isNull();
        assertThat(sale.wholeSale()).isNull();
        assertThat(validated(sale).sale().version()).isNull();
        assertThat(validated(sale).sale().wholeSale()).isFalse();
    }

    @Test
    void shouldCarryTheMappedVersionAndTheWholeSaleFlagToTheValidatedSale() throws IOException {
        RawSale sale = mapper("whole-sale: true", "  version:     { column: Rev }").map(row("Rev", "7"), "f#L2");

        assertThat(sale.version()).isEqualTo("7");
        assertThat(sale.wholeSale()).isTrue();
        assertThat(validated(sale).sale().version()).isEqualTo(7L);
        assertThat(validated(sale).sale().wholeSale()).isTrue();
    }

    @Test
    void shouldUseUpdatedAtAsTheVersionInMicrosecondsWhereNoVersionIsMapped() throws IOException {
        RowMapper mapper = mapper("", "  updated_at:  { column: Alterado }");

        long earlier = validated(mapper.map(row("Alterado", "05/03/2024 15:00"), "f#L2")).sale().version();
        long later = validated(mapper.map(row("Alterado", "05/03/2024 15:01"), "f#L3")).sale().version();

        assertThat(earlier).isEqualTo(Instant.parse("2024-03-05T18:00:00Z").toEpochMilli() * 1000);
        assertThat(later - earlier).isEqualTo(60_000_000L);
    }
}
