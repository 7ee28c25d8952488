package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.transform.SaleValidator;
import br.com.etlvendas.transform.Validation;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped superstore mapping over the real, public Superstore export: every line must map to a valid
 * sale, and the totals must match the published ones to the last decimal. The file is read here with
 * Commons CSV directly, so this test depends on the mapping alone.
 */
class SuperstoreMappingTest {

    private static final Path DATASET = Path.of("samples", "superstore.csv");

    private static final List<RawSale> raw = new ArrayList<>();
    private static final List<Sale> sales = new ArrayList<>();
    private static final List<String> invalid = new ArrayList<>();

    @BeforeAll
    static void mapAndValidateEveryRow() throws IOException {
        RowMapper mapper = new RowMapper(MappingLoader.load(Path.of("config", "mappings", "superstore.yml"), Map.of()));
        SaleValidator validator = new SaleValidator(Clock.systemUTC());
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader in = Files.newBufferedReader(DATASET, StandardCharsets.UTF_8);
             CSVParser parser = CSVParser.parse(in, format)) {
            for (CSVRecord record : parser) {
                ObjectNode data = SaleJson.mapper().createObjectNode();
                record.toMap().forEach(data::put);
                // a header line, then one line per record: the record's line is its number + 1
                long line = record.getRecordNumber() + 1;
                SourceRow row = new SourceRow(line, data, String.join(",", record.values()));
                RawSale sale = mapper.map(row, "superstore.csv#L" + line);
                raw.add(sale);
                Validation v = validator.validate(sale);
                if (v instanceof Validation.Valid valid) {
                    sales.add(valid.sale());
                } else {
                    invalid.add("line " + line + ": " + ((Validation.Invalid) v).reasons());
                }
            }
        }
    }

    private static List<SaleLine> lines() {
        return sales.stream().flatMap(s -> s.lines().stream()).toList();
    }

    private static Map<String, BigDecimal> netBy(Function<Sale, String> key) {
        return sales.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.reducing(BigDecimal.ZERO,
                s -> s.lines().get(0).netAmount().amount(), BigDecimal::add)));
    }

    @Test
    void shouldMapEveryLineIntoAValidSale() {
        assertThat(invalid).isEmpty();
        assertThat(raw).hasSize(9_994).noneMatch(RawSale::isUnreadable);
        assertThat(sales).hasSize(9_994).allSatisfy(s -> assertThat(s.lines()).hasSize(1));
    }

    @Test
    void shouldCountThePublishedOrdersCustomersAndProducts() {
        assertThat(sales.stream().map(Sale::saleId).distinct().count()).isEqualTo(5_009);
        assertThat(sales.stream().map(s -> s.customer().customerId()).distinct().count()).isEqualTo(793);
        assertThat(lines().stream().map(SaleLine::sku).distinct().count()).isEqualTo(1_862);
    }

    @Test
    void shouldGiveEveryLineAnIdentityOfItsOwn() {
        assertThat(sales.stream().map(s -> s.saleId() + "#" + s.lines().get(0).lineNo()).distinct().count())
                .isEqualTo(9_994);
    }

    @Test
    void shouldReproduceThePublishedSumsExactly() {
        BigDecimal net = lines().stream().map(l -> l.netAmount().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal quantity = lines().stream().map(SaleLine::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal profit = lines().stream().map(l -> new BigDecimal(l.attributes().get("profit")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);

        assertThat(net).isEqualByComparingTo("2297200.8603");
        assertThat(quantity).isEqualByComparingTo("37873");
        // 17 Profit values in the export carry floating-point residue (e.g. -8.5794000000001); the mapping keeps
        // them digit for digit, and the published figure is that exact sum at the export's 4 decimal places
        assertThat(profit).isEqualByComparingTo("286397.021699999999069");
        assertThat(profit.setScale(4, RoundingMode.HALF_EVEN)).isEqualByComparingTo("286397.0217");
    }

    @Test
    void shouldReproduceThePublishedSalesByCategoryAndByOrderYear() {
        assertThat(netBy(s -> s.lines().get(0).category())).hasSize(3)
                .hasEntrySatisfying("Furniture", v -> assertThat(v).isEqualByComparingTo("741999.7953"))
                .hasEntrySatisfying("Office Supplies", v -> assertThat(v).isEqualByComparingTo("719047.0320"))
                .hasEntrySatisfying("Technology", v -> assertThat(v).isEqualByComparingTo("836154.0330"));
        assertThat(netBy(s -> Integer.toString(s.soldAt().getYear()))).hasSize(4)
                .hasEntrySatisfying("2014", v -> assertThat(v).isEqualByComparingTo("484247.4981"))
                .hasEntrySatisfying("2015", v -> assertThat(v).isEqualByComparingTo("470532.5090"))
                .hasEntrySatisfying("2016", v -> assertThat(v).isEqualByComparingTo("609205.5980"))
                .hasEntrySatisfying("2017", v -> assertThat(v).isEqualByComparingTo("733215.2552"));
    }

    @Test
    void shouldPublishTheFirstLineAsTheExportWroteIt() {
        // "1","CA-2016-152156","11/8/2016","11/11/2016","Second Class","CG-12520","Claire Gute","Consumer",
        // "United States","Henderson","Kentucky","42420","South","FUR-BO-10001798","Furniture","Bookcases",
        // "Bush Somerset Collection Bookcase","261.96","2","0","41.9136"
        RawSale first = raw.get(0);
        assertThat(first.saleId()).isEqualTo("CA-2016-152156");
        assertThat(first.soldAt()).as("8 November 2016, after the end of daylight saving time")
                .isEqualTo("2016-11-08T00:00-05:00");
        assertThat(first.storeCity()).isEqualTo("Henderson");
        assertThat(first.storeState()).isEqualTo("Kentucky");
        assertThat(first.storeCountry()).isEqualTo("US");
        assertThat(first.currency()).isEqualTo("USD");
        assertThat(first.source()).isEqualTo("superstore");
        assertThat(first.origin()).isEqualTo("superstore.csv#L2");
        assertThat(first.lines().get(0).lineNo()).isEqualTo("1");
        assertThat(first.lines().get(0).netAmount()).isEqualTo("261.96");
        assertThat(first.lines().get(0).discount()).as("the Discount column is a rate, not money").isNull();
        assertThat(first.lines().get(0).attributes()).containsEntry("profit", "41.9136")
                .containsEntry("discount_rate", "0").containsEntry("ship_date", "2016-11-11T00:00-05:00")
                .containsEntry("ship_mode", "Second Class").containsEntry("postal_code", "42420")
                .containsEntry("sub_category", "Bookcases").containsEntry("segment", "Consumer")
                .containsEntry("region", "South");
    }
}
