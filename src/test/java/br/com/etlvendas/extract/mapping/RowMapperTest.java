package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.RawSaleLine;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.transform.SaleValidator;
import br.com.etlvendas.transform.Validation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RowMapperTest {

    private static final String ORIGIN = "s3://vendas/loja/2024-03-05.csv#L17";

    @TempDir
    Path dir;

    // ---- helpers -------------------------------------------------------------------------------------

    private RowMapper mapper(String yaml) throws IOException {
        return new RowMapper(MappingLoader.load(Files.writeString(dir.resolve("m.yml"), yaml), Map.of()));
    }

    private RowMapper loja() throws IOException {
        return mapper(MappingLoaderTest.LOJA);
    }

    /** A CSV-like row: column name to text, in order, with its raw text joined by ';'. */
    private static SourceRow row(long number, String... columnsAndValues) {
        ObjectNode data = SaleJson.mapper().createObjectNode();
        List<String> raw = new java.util.ArrayList<>();
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            data.put(columnsAndValues[i], columnsAndValues[i + 1]);
            raw.add(columnsAndValues[i + 1]);
        }
        return new SourceRow(number, data, String.join(";", raw));
    }

    private static SourceRow lojaRow(Map<String, String> overrides) {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("Pedido", "P-1001");
        columns.put("Data", "05/03/2024 14:30");
        columns.put("UF", "SP");
        columns.put("Pagamento", "1");
        columns.put("Item", "2");
        columns.put("SKU", "ARZ-5KG");
        columns.put("Qtd", "3");
        columns.put("Total", "1.234,56");
        columns.put("Custo", "987,6543");
        columns.putAll(overrides);
        return row(17, columns.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray(String[]::new));
    }

    private static SourceRow json(long number, String json) throws JsonProcessingException {
        return new SourceRow(number, SaleJson.mapper().readTree(json), json);
    }

    // ---- numbers, dates, constants ---------------------------------------------------------------------

    @Test
    void shouldPublishBrazilianNumbersAsCanonicalDecimalTextKeepingEveryDigit() throws IOException {
        // when
        RawSale sale = loja().map(lojaRow(Map.of("Qtd", " -1.234,5 ", "Total", "1.234,56", "Custo", "0,1250")), ORIGIN);

        // then
        RawSaleLine line = sale.lines().get(0);
        assertThat(line.quantity()).isEqualTo("-1234.5");
        assertThat(line.netAmount()).isEqualTo("1234.56");
        assertThat(line.attributes()).containsEntry("custo", "0.1250");
    }

    @Test
    void shouldPublishLocalDateTimesWithTheOffsetOfTheSourceZoneAtThatInstant() throws IOException {
        // given São Paulo, which kept daylight saving time (-02:00) until early 2019
        RowMapper mapper = loja();

        // when
        RawSale march2024 = mapper.map(lojaRow(Map.of("Data", "05/03/2024 14:30")), ORIGIN);
        RawSale december2018 = mapper.map(lojaRow(Map.of("Data", "01/12/2018 10:00")), ORIGIN);
        RawSale dateOnly = mapper.map(lojaRow(Map.of("Data", "05/03/2024")), ORIGIN);
        RawSale iso = mapper.map(lojaRow(Map.of("Data", "2024-03-05T17:30:00Z")), ORIGIN);

        // then
        assertThat(march2024.soldAt()).isEqualTo("2024-03-05T14:30-03:00");
        assertThat(december2018.soldAt()).isEqualTo("2018-12-01T10:00-02:00");
        assertThat(dateOnly.soldAt()).as("a date alone is the start of that day").isEqualTo("2024-03-05T00:00-03:00");
        assertThat(iso.soldAt()).as("a value with its own offset keeps it").isEqualTo("2024-03-05T17:30Z");
    }

    @Test
    void shouldPublishConstantsAndTheMappingsSourceAndTheGivenOrigin() throws IOException {
        // when
        RawSale sale = loja().map(lojaRow(Map.of()), ORIGIN);

        // then
        assertThat(sale.storeId()).isEqualTo("LJ-01");
        assertThat(sale.channel()).isEqualTo("loja");
        assertThat(sale.currency()).isEqualTo("BRL");
        assertThat(sale.source()).isEqualTo("loja-centro");
        assertThat(sale.origin()).isEqualTo(ORIGIN);
        assertThat(sale.isUnreadable()).isFalse();
        assertThat(sale.lines()).hasSize(1);
    }

    @Test
    void shouldMapARowIntoASaleTheValidatorAccepts() throws IOException {
        // when
        RawSale sale = loja().map(lojaRow(Map.of()), ORIGIN);
        Validation v = new SaleValidator(Clock.fixed(Instant.parse("2024-03-06T00:00:00Z"), ZoneOffset.UTC)).validate(sale);

        // then
        assertThat(v).isInstanceOf(Validation.Valid.class);
        assertThat(((Validation.Valid) v).sale().lines().get(0).attributes()).containsEntry("custo", "987.6543");
    }

    // ---- value maps ----------------------------------------------------------------------------------

    @Test
    void shouldReplaceSourceValuesThroughTheValueMapAndFallBackToTheDefault() throws IOException {
        RowMapper mapper = loja();

        // when / then
        assertThat(mapper.map(lojaRow(Map.of("Pagamento", "2")), ORIGIN).paymentMethod()).isEqualTo("credit_card");
        assertThat(mapper.map(lojaRow(Map.of("Pagamento", " 1 ")), ORIGIN).paymentMethod()).isEqualTo("pix");
        assertThat(mapper.map(lojaRow(Map.of("Pagamento", "7")), ORIGIN).paymentMethod()).as("not listed").isEqualTo("cash");
        assertThat(mapper.map(lojaRow(Map.of("Pagamento", "")), ORIGIN).paymentMethod()).as("blank").isEqualTo("cash");
        assertThat(mapper.map(lojaRow(Map.of("Pagamento", "9")), ORIGIN).paymentMethod()).as("mapped to nothing").isNull();
    }

    @Test
    void shouldRejectAValueTheMapDoesNotListWhenThereIsNoDefault() throws IOException {
        // given
        RowMapper mapper = mapper(MappingLoaderTest.LOJA.replace(", default: cash", "")
                .replace("{ \"1\": pix,", "{ \"1\": pix, \"DIN\": cash,"));

        // when
        RawSale known = mapper.map(lojaRow(Map.of("Pagamento", "din")), ORIGIN);
        RawSale unknown = mapper.map(lojaRow(Map.of("Pagamento", "7")), ORIGIN);

        // then
        assertThat(known.paymentMethod()).as("keys are matched ignoring case").isEqualTo("cash");
        assertThat(unknown.unreadableReasons()).containsExactly(
                "payment_method: '7' is not one of the mapped values [1, 2, 9, DIN] and there is no default (column Pagamento)");
    }

    // ---- missing values, paths, row numbers, attributes ------------------------------------------------

    @Test
    void shouldPublishMissingAndBlankColumnsAsAbsent() throws IOException {
        // when
        RawSale sale = loja().map(row(3, "Pedido", "P-1", "Qtd", "  ", "Total", ""), ORIGIN);

        // then the validator, not the mapper, decides that they are required
        assertThat(sale.isUnreadable()).isFalse();
        assertThat(sale.saleId()).isEqualTo("P-1");
        assertThat(sale.soldAt()).isNull();
        assertThat(sale.storeState()).isNull();
        assertThat(sale.lines().get(0).quantity()).isNull();
        assertThat(sale.lines().get(0).netAmount()).isNull();
        assertThat(sale.lines().get(0).attributes()).isEmpty();
    }

    @Test
    void shouldReadValuesAtPathsIntoNestedJsonKeepingJsonNumbersExact() throws IOException {
        // given a JSON source whose mapping declares Brazilian number text
        RowMapper mapper = mapper("""
                source: api-pedidos
                time-zone: America/Sao_Paulo
                numbers: { decimal-separator: "," }
                dates: { patterns: [epoch-millis] }
                fields:
                  sale_id:     { path: pedido.id }
                  sold_at:     { path: pedido.criado_em }
                  store_id:    { path: pedido.loja.codigo }
                  store_state: { path: pedido.loja.uf }
                  channel:     { constant: ecommerce }
                  customer_id: { path: pedido.cliente.id }
                  currency:    { constant: BRL }
                  line_no:     { path: itens.0.seq }
                  sku:         { path: itens.0.sku }
                  quantity:    { path: itens.0.qtd }
                  unit_price:  { path: itens.0.preco }
                  net_amount:  { path: itens.0.total }
                attributes:
                  cupom: { path: pedido.cupom.codigo }
                """);
        SourceRow row = json(5, """
                {"pedido": {"id": "A-9", "criado_em": 1709659800000, "loja": {"codigo": "L-3", "uf": "RJ"},
                            "cliente": {"id": 42}},
                 "itens": [{"seq": 1, "sku": "CAFE-500", "qtd": 2.000000000000000001, "preco": 19.99, "total": "39,80"}]}
                """);

        // when
        RawSale sale = mapper.map(row, "api#5");

        // then
        assertThat(sale.unreadableReasons()).isNull();
        assertThat(sale.saleId()).isEqualTo("A-9");
        assertThat(sale.soldAt()).isEqualTo("2024-03-05T14:30-03:00");
        assertThat(sale.storeId()).isEqualTo("L-3");
        assertThat(sale.storeState()).isEqualTo("RJ");
        assertThat(sale.customerId()).isEqualTo("42");
        RawSaleLine line = sale.lines().get(0);
        assertThat(line.lineNo()).isEqualTo("1");
        assertThat(line.sku()).isEqualTo("CAFE-500");
        assertThat(line.quantity()).as("a JSON number is read exactly, never as a double").isEqualTo("2.000000000000000001");
        assertThat(line.unitPrice()).as("a JSON number is read as written, whatever the text format").isEqualTo("19.99");
        assertThat(line.netAmount()).as("text still follows the declared format").isEqualTo("39.80");
        assertThat(line.attributes()).as("absent path").doesNotContainKey("cupom");
    }

    @Test
    void shouldRefuseAJsonNumberThatWouldExpandIntoABillionDigitsNamingTheField() throws IOException {
        // given a JSON source sending a quantity with a huge exponent
        RowMapper mapper = mapper("""
                source: api-pedidos
                time-zone: America/Sao_Paulo
                fields:
                  sale_id:     { path: id }
                  sold_at:     { constant: "2024-03-05T14:30:00-03:00" }
                  store_id:    { constant: L-3 }
                  store_state: { constant: RJ }
                  channel:     { constant: ecommerce }
                  currency:    { constant: BRL }
                  line_no:     { constant: "1" }
                  sku:         { constant: CAFE-500 }
                  quantity:    { path: qtd }
                  net_amount:  { path: total }
                """);

        // when
        RawSale sale = mapper.map(json(7, "{\"id\": \"A-1\", \"qtd\": 1e999999999, \"total\": 1e-999999999}"), "api#7");

        // then the row is refused by field, its reasons short, nothing written out in full
        assertThat(sale.unreadableReasons()).anyMatch(r -> r.startsWith("quantity: '1E+999999999'"))
                .anyMatch(r -> r.startsWith("net_amount: '1E-999999999'"));
        assertThat(String.join("", sale.unreadableReasons()).length()).isLessThan(1_000);
    }

    @Test
    void shouldRejectARecordWhereASingleValueIsExpected() throws IOException {
        // given
        RowMapper mapper = mapper(MappingLoaderTest.LOJA.replace("{ column: SKU }", "{ path: produto }"));
        ObjectNode data = (ObjectNode) lojaRow(Map.of()).data();
        data.putObject("produto").put("sku", "X");

        // when
        RawSale sale = mapper.map(new SourceRow(4, data, data.toString()), ORIGIN);

        // then
        assertThat(sale.unreadableReasons()).containsExactly("sku: found a nested record, not a single value (path produto)");
    }

    @Test
    void shouldUseTheRowNumberAsLineIdentityWhenAsked() throws IOException {
        // given
        RowMapper mapper = mapper(MappingLoaderTest.LOJA.replace("{ column: Item }", "{ row-number: true }"));

        // when
        RawSale sale = mapper.map(lojaRow(Map.of()), ORIGIN);

        // then
        assertThat(sale.lines().get(0).lineNo()).isEqualTo("17");
    }

    @Test
    void shouldKeepAttributesAsTextNumbersAndDatesInDeclaredOrderLeavingOutBlankOnes() throws IOException {
        // given
        RowMapper mapper = mapper(MappingLoaderTest.LOJA.replace("  custo: { column: Custo, number: true }", """
                  vendedor: { column: Vendedor }
                  custo:    { column: Custo, number: true }
                  entrega:  { column: Entrega, date: true }
                  origem:   { constant: planilha }
                  obs:      { column: Obs }
                """));

        // when
        RawSale sale = mapper.map(lojaRow(Map.of("Vendedor", " Joana ", "Custo", "1.000,5", "Entrega", "07/03/2024",
                "Obs", "")), ORIGIN);

        // then
        assertThat(sale.lines().get(0).attributes()).containsExactly(
                Map.entry("vendedor", "Joana"), Map.entry("custo", "1000.5"),
                Map.entry("entrega", "2024-03-07T00:00-03:00"), Map.entry("origem", "planilha"));
    }

    // ---- rejected rows -------------------------------------------------------------------------------

    @Test
    void shouldRejectARowWithEveryUnparsableValueAndItsRawText() throws IOException {
        // given three values the mapping cannot convert
        SourceRow row = lojaRow(Map.of("Qtd", "1,2,3", "Data", "31/02/2024", "Item", "2,5"));

        // when
        RawSale sale = loja().map(row, ORIGIN);

        // then
        assertThat(sale.isUnreadable()).isTrue();
        assertThat(sale.unreadableReasons()).containsExactly(
                "sold_at: '31/02/2024' is not a date in the format dd/MM/yyyy HH:mm, dd/MM/yyyy or ISO-8601 (column Data)",
                "line_no: '2,5' is not a whole number (column Item)",
                "quantity: '1,2,3' is not a number in the format 1.234,56 (column Qtd)");
        assertThat(sale.unreadablePayload()).isEqualTo(row.rawText());
        assertThat(sale.source()).isEqualTo("loja-centro");
        assertThat(sale.origin()).isEqualTo(ORIGIN);
        assertThat(sale.saleId()).isNull();
        assertThat(new SaleValidator(Clock.systemUTC()).validate(sale)).isInstanceOf(Validation.Invalid.class);
    }

    @Test
    void shouldNameTheAttributeInTheReasonsOfARejectedRow() throws IOException {
        // when
        RawSale sale = loja().map(lojaRow(Map.of("Custo", "R$ 9,90")), ORIGIN);

        // then
        assertThat(sale.unreadableReasons())
                .containsExactly("attributes.custo: 'R$ 9,90' is not a number in the format 1.234,56 (column Custo)");
    }

    @Test
    void shouldRejectARowTheSourceCouldNotReadWithItsReasons() throws IOException {
        // given
        RowError error = new RowError(9, List.of("expected 9 columns, got 7", "invalid UTF-8 at byte 12"), "a;b;c");

        // when
        RawSale sale = loja().map(error, ORIGIN);

        // then
        assertThat(sale.unreadableReasons()).containsExactly("expected 9 columns, got 7", "invalid UTF-8 at byte 12");
        assertThat(sale.unreadablePayload()).isEqualTo("a;b;c");
        assertThat(sale.source()).isEqualTo("loja-centro");
        assertThat(sale.origin()).isEqualTo(ORIGIN);
    }
}
