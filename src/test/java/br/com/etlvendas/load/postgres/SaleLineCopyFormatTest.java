package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SaleLineCopyFormatTest {

    private static final String TRICKY = "Caf\u00e9 \"Bom\", Pre\u00e7o\\Barra\nlinha\t\u0001 \u20ac \uD83D\uDE00";

    private static Sale sale(Map<String, String> attributes, String name) {
        SaleLine line = new SaleLine(3, "SKU-1", name, null, new BigDecimal("2"), Money.of(new BigDecimal("19.90")),
                Money.of(new BigDecimal("0.00")), Money.of(new BigDecimal("39.8000")), attributes);
        return new Sale("S-1", OffsetDateTime.parse("2016-11-08T00:00-05:00"), new Store("LJ-1", "", "S\u00e3o Paulo", "SP"),
                Channel.STORE, new Customer(null, name, null), null, "BRL", SaleStatus.COMPLETED, List.of(line), "src");
    }

    private static String text(Sale s) throws Exception {
        CopyBuffer out = new CopyBuffer(16);
        SaleLineCopyFormat.append(out, s, s.lines().get(0), 2, 41);
        return new String(out.stream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static CSVRecord render(Sale s) throws Exception {
        CopyBuffer out = new CopyBuffer(16);
        SaleLineCopyFormat.append(out, s, s.lines().get(0), 2, 41);
        try (CSVParser p = CSVFormat.DEFAULT.parse(new InputStreamReader(out.stream(), StandardCharsets.UTF_8))) {
            List<CSVRecord> records = p.getRecords();
            assertThat(records).hasSize(1);
            return records.get(0);
        }
    }

    @Test
    void shouldWriteEveryColumnSoThatACsvReaderGetsTheExactValuesBack() throws Exception {
        // given a line with quotes, commas, newlines, control characters and characters beyond the BMP
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("profit", "-1.5000");
        attributes.put("nota", TRICKY);
        Sale s = sale(attributes, TRICKY);

        // when
        CSVRecord row = render(s);

        // then
        assertThat(row.size()).isEqualTo(SaleLineCopyFormat.COLUMNS.split(", ").length);
        assertThat(row.get(0)).isEqualTo("S-1");
        assertThat(row.get(1)).isEqualTo("3");
        assertThat(OffsetDateTime.parse(row.get(2))).isEqualTo(s.soldAt());
        assertThat(row.get(4)).isEmpty();
        assertThat(text(s)).as("an empty name quoted (empty text), an absent category not (NULL)")
                .contains("\"LJ-1\",\"\",").contains("\",,2,19.90,");
        assertThat(row.get(5)).isEqualTo("S\u00e3o Paulo");
        assertThat(row.get(10)).isEqualTo(TRICKY);
        assertThat(row.get(16)).isEqualTo(TRICKY);
        assertThat(row.get(17)).isEmpty(); // category absent: nothing between the commas, which COPY reads as NULL
        assertThat(row.get(19)).isEqualTo("19.90");
        assertThat(row.get(21)).isEqualTo("39.8000");
        Map<String, String> back = SaleJson.mapper().readValue(row.get(22), new TypeReference<Map<String, String>>() { });
        assertThat(back).isEqualTo(s.lines().get(0).attributes());
        assertThat(row.get(24)).isEqualTo("2");
        assertThat(row.get(25)).isEqualTo("41");
    }

    @Test
    void shouldWriteNoAttributesAsAnEmptyJsonObjectAndAbsentTextAsNothing() throws Exception {
        CSVRecord row = render(sale(Map.of(), null));

        assertThat(row.get(22)).isEqualTo("{}");
        assertThat(row.get(10)).isEmpty();
        assertThat(row.get(12)).isEmpty();
    }
}
