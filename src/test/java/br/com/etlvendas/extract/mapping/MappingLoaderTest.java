package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.extract.format.FormatSpec;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SaleJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MappingLoaderTest {

    /** A complete, valid Brazilian mapping; tests replace or append lines to break it. */
    static final String LOJA = """
            source: loja-centro
            format: { type: csv, delimiter: ";", header: true, encoding: windows-1252 }
            time-zone: America/Sao_Paulo
            numbers: { decimal-separator: ",", grouping-separator: "." }
            dates: { patterns: ["dd/MM/yyyy HH:mm", "dd/MM/yyyy"] }
            fields:
              sale_id:        { column: Pedido }
              sold_at:        { column: Data }
              store_id:       { constant: LJ-01 }
              store_state:    { column: UF }
              channel:        { constant: loja }
              payment_method: { column: Pagamento, values: { "1": pix, "2": credit_card, "9": "" }, default: cash }
              currency:       { constant: BRL }
              line_no:        { column: Item }
              sku:            { column: SKU }
              quantity:       { column: Qtd }
              net_amount:     { column: Total }
            attributes:
              custo: { column: Custo, number: true }
            """;

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("loja.yml"), yaml);
    }

    private ConfigException failure(String yaml) throws IOException {
        Path f = file(yaml);
        ConfigException thrown = catchThrowableOfType(ConfigException.class, () -> MappingLoader.load(f, Map.of()));
        assertThat(thrown).as("loading should fail with a ConfigException").isNotNull();
        return thrown;
    }

    private static ConfigProblem problemAt(ConfigException e, String path) {
        return e.problems().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem reported at " + path + " in " + e.problems()));
    }

    @Test
    void shouldLoadAValidMappingWithEveryDeclaredSection() throws IOException {
        // given
        Path f = file(LOJA);

        // when
        ColumnMapping m = MappingLoader.load(f, Map.of());

        // then
        assertThat(m.source()).isEqualTo("loja-centro");
        assertThat(m.format().delimiter()).isEqualTo(';');
        assertThat(m.format().encoding().name()).isEqualTo("windows-1252");
        assertThat(m.timeZone()).isEqualTo(ZoneId.of("America/Sao_Paulo"));
        assertThat(m.numbers()).isEqualTo(NumberStyle.brazilian());
        assertThat(m.dates().patterns()).containsExactly("dd/MM/yyyy HH:mm", "dd/MM/yyyy");
        assertThat(m.dates().locale()).isEqualTo(Locale.forLanguageTag("pt-BR"));
        assertThat(m.field(SaleField.SALE_ID).orElseThrow().source()).isEqualTo(new ValueSource.Column("Pedido"));
        assertThat(m.field(SaleField.STORE_ID).orElseThrow().source()).isEqualTo(new ValueSource.Constant("LJ-01"));
        assertThat(m.field(SaleField.QUANTITY).orElseThrow().type()).isEqualTo(ValueType.NUMBER);
        assertThat(m.field(SaleField.PAYMENT_METHOD).orElseThrow().values())
                .containsEntry("1", "pix").containsEntry("2", "credit_card").containsEntry("9", "");
        assertThat(m.field(SaleField.PAYMENT_METHOD).orElseThrow().defaultValue()).contains("cash");
        assertThat(m.field(SaleField.UNIT_PRICE)).isEmpty();
        assertThat(m.attributes().get("custo").type()).isEqualTo(ValueType.NUMBER);
    }

    @Test
    void shouldLoadTheShippedSuperstoreMapping() {
        // given the mapping shipped in config/mappings (tests run from the repository root)
        // when
        ColumnMapping m = MappingLoader.load(Path.of("config", "mappings", "superstore.yml"), Map.of());

        // then
        assertThat(m.source()).isEqualTo("superstore");
        assertThat(m.format().type()).isEqualTo(FormatSpec.Type.CSV);
        assertThat(m.timeZone()).isEqualTo(ZoneId.of("America/New_York"));
        assertThat(m.field(SaleField.LINE_NO).orElseThrow().source()).isEqualTo(new ValueSource.Column("Row ID"));
        assertThat(m.field(SaleField.NET_AMOUNT).orElseThrow().source()).isEqualTo(new ValueSource.Column("Sales"));
        assertThat(m.field(SaleField.DISCOUNT)).as("Discount is a rate, not money").isEmpty();
        assertThat(m.attributes().keySet()).contains("profit", "discount_rate", "ship_date");
    }

    @Test
    void shouldReportEveryProblemAtOnceWithFileAndPath() throws IOException {
        // given a mapping with six unrelated mistakes
        String yaml = LOJA
                .replace("time-zone: America/Sao_Paulo", "time-zone: America/Sao_Paolo")
                .replace("\"dd/MM/yyyy\"]", "\"dd/MM/yyyy bb\"]")
                .replace("grouping-separator: \".\"", "grouping-separator: \",\"")
                .replace("sku:            { column: SKU }", "sku:            { column: SKU, constant: X-1 }")
                .replace("attributes:", "  salesman: { column: Vendedor }\nattributes:")
                .replace("source: loja-centro", "source: loja-centro\nsorce: typo");

        // when
        ConfigException e = failure(yaml);

        // then
        assertThat(problemAt(e, "time-zone").message()).contains("is not a time zone", "America/Sao_Paolo");
        assertThat(problemAt(e, "dates.patterns[1]").message()).contains("'dd/MM/yyyy bb' is not a valid date pattern");
        assertThat(problemAt(e, "numbers.grouping-separator").message()).contains("must differ from decimal-separator");
        assertThat(problemAt(e, "fields.sku").message()).contains("exactly one of", "column and constant");
        assertThat(problemAt(e, "fields.salesman").message()).contains("is not a field", "sale_id", "net_amount", "attributes");
        assertThat(problemAt(e, "sorce").message()).contains("unknown key", "did you mean 'source'");
        assertThat(e.problems()).hasSize(6).allSatisfy(p -> assertThat(p.file()).endsWith("loja.yml"));
        assertThat(e.getMessage()).startsWith("6 configuration problem(s)");
    }

    @Test
    void shouldSuggestTheFieldNameWhenWrittenInAnotherCase() throws IOException {
        // when
        ConfigException e = failure(LOJA.replace("sale_id:", "saleId:"));

        // then the misspelt field is reported once, with a suggestion, and sale_id is missing
        assertThat(problemAt(e, "fields.saleId").message()).contains("did you mean 'sale_id'?");
        assertThat(problemAt(e, "fields.sale_id").message()).contains("is not mapped, and every sale needs it");
        assertThat(e.problems()).hasSize(2);
    }

    @Test
    void shouldRefuseAMappingThatLeavesOutWhatEverySaleNeeds() throws IOException {
        // when
        ConfigException e = failure("""
                source: parcial
                time-zone: UTC
                fields:
                  sale_id: { column: id }
                """);

        // then
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "fields.sold_at", "fields.store_id", "fields.store_state", "fields.channel", "fields.currency",
                "fields.line_no", "fields.sku", "fields.quantity", "fields.net_amount");
        assertThat(problemAt(e, "fields.net_amount").message()).contains("nor is unit_price");
    }

    @Test
    void shouldRefuseValuesWrittenInTheMappingThatAreNotCanonicalOrNotKnown() throws IOException {
        // given constants, a value-map result and a default that would make every row invalid
        String yaml = LOJA
                .replace("quantity:       { column: Qtd }", "quantity:       { constant: \"1,5\" }")
                .replace("channel:        { constant: loja }", "channel:        { constant: lojinha }")
                .replace("currency:       { constant: BRL }", "currency:       { constant: REAL }")
                .replace("\"2\": credit_card", "\"2\": cartao")
                .replace("default: cash", "default: dinheiros")
                .replace("sold_at:        { column: Data }", "sold_at:        { constant: \"05/03/2024\" }");

        // when
        ConfigException e = failure(yaml);

        // then
        assertThat(problemAt(e, "fields.quantity.constant").message()).contains("'1,5' is not a number written as 1234.56");
        assertThat(problemAt(e, "fields.channel.constant").message()).contains("'lojinha' is not one of", "store", "ecommerce");
        assertThat(problemAt(e, "fields.currency.constant").message()).contains("not an ISO 4217 currency code");
        assertThat(problemAt(e, "fields.payment_method.values.2").message()).contains("'cartao' is not one of", "credit_card");
        assertThat(problemAt(e, "fields.payment_method.default").message()).contains("'dinheiros' is not one of");
        assertThat(problemAt(e, "fields.sold_at.constant").message()).contains("not an ISO-8601 date-time with offset");
        assertThat(e.problems()).hasSize(6);
    }

    @Test
    void shouldRefuseAPatternThatDoesNotGiveAFullDate() throws IOException {
        // when
        ConfigException e = failure(LOJA.replace("\"dd/MM/yyyy\"]", "\"HH:mm\"]"));

        // then
        assertThat(problemAt(e, "dates.patterns[1]").message()).contains("does not give a full date");
    }

    @Test
    void shouldReadMonthNamesInTheDeclaredLocaleAndRefuseAPatternNotWrittenAsAList() throws IOException {
        // given
        String english = LOJA.replace("dates: { patterns: [\"dd/MM/yyyy HH:mm\", \"dd/MM/yyyy\"] }",
                "dates: { patterns: [\"MMM d, yyyy\"], locale: en-US }");
        String single = LOJA.replace("dates: { patterns: [\"dd/MM/yyyy HH:mm\", \"dd/MM/yyyy\"] }",
                "dates: { patterns: \"dd/MM/yyyy\" }");

        // when
        ColumnMapping m = MappingLoader.load(file(english), Map.of());
        RawSale sale = new RowMapper(m).map(new SourceRow(2, SaleJson.mapper().createObjectNode().put("Data", "Mar 5, 2024"),
                "Mar 5, 2024"), "o");
        ConfigException e = failure(single);

        // then
        assertThat(m.dates().locale()).isEqualTo(Locale.US);
        assertThat(sale.soldAt()).isEqualTo("2024-03-05T00:00-03:00");
        assertThat(problemAt(e, "dates.patterns").message()).contains("must be a list");
    }

    @Test
    void shouldRefuseSpecsWithNoSourceAValueMapOnAConstantAndAnEmptyPathSegment() throws IOException {
        // given
        String yaml = LOJA
                .replace("sku:            { column: SKU }", "sku:            { }")
                .replace("store_id:       { constant: LJ-01 }", "store_id:       { constant: LJ-01, default: LJ-02 }")
                .replace("sale_id:        { column: Pedido }", "sale_id:        { path: \"pedido..id\" }")
                .replace("custo: { column: Custo, number: true }", "custo: { column: Custo, number: true, date: true }");

        // when
        ConfigException e = failure(yaml);

        // then
        assertThat(problemAt(e, "fields.sku").message()).isEqualTo("needs one of column, path, constant or row-number");
        assertThat(problemAt(e, "fields.store_id.default").message()).contains("not to a constant");
        assertThat(problemAt(e, "fields.sale_id.path").message()).contains("empty segment");
        assertThat(problemAt(e, "attributes.custo.number").message()).contains("either a number or a date");
        assertThat(e.problems()).hasSize(4);
    }

    @Test
    void shouldRequireNumberedColumnsWhenTheFilesHaveNoHeader() throws IOException {
        // when
        ConfigException e = failure(LOJA.replace("header: true", "header: false")
                .replace("{ column: Pedido }", "{ column: \"1\" }"));

        // then Pedido was renumbered; the other named columns are refused
        assertThat(problemAt(e, "fields.sold_at.column").message()).contains("columns are named 1, 2");
        assertThat(e.problems()).extracting(ConfigProblem::path).doesNotContain("fields.sale_id.column")
                .contains("fields.store_state.column", "fields.net_amount.column");
    }

    @Test
    void shouldTakeValuesFromTheEnvironment() throws IOException {
        // when
        ColumnMapping m = MappingLoader.load(file(LOJA.replace("source: loja-centro", "source: ${LOJA}")),
                Map.of("LOJA", "loja-norte"));

        // then
        assertThat(m.source()).isEqualTo("loja-norte");
    }

    @Test
    void shouldReportAMissingFileAndRequiredKeys() {
        // when
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> MappingLoader.load(dir.resolve("nao-existe.yml"), Map.of()));

        // then
        assertThat(e).isNotNull();
        assertThat(problemAt(e, "").message()).isEqualTo("file not found");
        assertThat(e.problems()).extracting(ConfigProblem::path).contains("source", "time-zone", "fields.sale_id");
    }

    @Test
    void shouldDescribeEveryField() {
        // every field a mapping can name has a description for its problems and documentation
        assertThat(List.of(SaleField.values())).allSatisfy(f -> assertThat(f.description()).isNotBlank());
        assertThat(SaleField.keys()).doesNotHaveDuplicates().allMatch(k -> k.matches("[a-z_]+"));
    }
}
