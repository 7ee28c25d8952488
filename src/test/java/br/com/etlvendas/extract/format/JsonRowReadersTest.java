package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.List;

import static br.com.etlvendas.extract.format.RowReading.auto;
import static br.com.etlvendas.extract.format.RowReading.concat;
import static br.com.etlvendas.extract.format.RowReading.readAll;
import static br.com.etlvendas.extract.format.RowReading.rowError;
import static br.com.etlvendas.extract.format.RowReading.sourceRow;
import static br.com.etlvendas.extract.format.RowReading.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON Lines and JSON-array files. */
class JsonRowReadersTest {

    @Test
    void shouldReadJsonLinesReportingOneMalformedLineAndContinuing() throws Exception {
        // given a blank line, a broken line, a non-object line and good lines around them
        String file = "{\"id\":1,\"total\":10.50}\n"
                + "\n"
                + "{\"id\":2,\"total\":\n"
                + "[1,2]\n"
                + "{\"id\":3,\"total\":100.00,\"items\":[{\"sku\":\"A\"}]}\n";

        // when
        List<RowResult> rows = readAll(utf8(file), auto(), "vendas.jsonl");

        // then
        assertThat(rows).extracting(RowResult::number).containsExactly(1L, 3L, 4L, 5L);
        SourceRow first = sourceRow(rows.get(0));
        assertThat(first.rawText()).isEqualTo("{\"id\":1,\"total\":10.50}");
        assertThat(first.data().get("total").decimalValue()).isEqualTo(new BigDecimal("10.50"));
        RowError broken = rowError(rows.get(1));
        assertThat(broken.rawText()).isEqualTo("{\"id\":2,\"total\":");
        assertThat(broken.reasons()).hasSize(1);
        assertThat(broken.reasons().get(0)).contains("end-of-input").doesNotContain("\n");
        assertThat(rowError(rows.get(2)).reasons()).containsExactly("line holds an array, not a JSON object");
        SourceRow last = sourceRow(rows.get(3));
        assertThat(last.data().get("total").decimalValue()).isEqualTo(new BigDecimal("100.00"));
        assertThat(last.data().get("items").get(0).get("sku").asText()).isEqualTo("A");
    }

    @Test
    void shouldFailAJsonLinesFileAtALineLongerThanTheLimitBeforeHoldingItInMemory() throws Exception {
        // given a second line far longer than the limit (say, a JSON array written on one line)
        String file = "{\"id\": 1}\n[" + "{\"id\": 2},".repeat(100) + "{}]\n";

        try (JsonLinesRowReader reader = JsonLinesRowReader.open(new java.io.ByteArrayInputStream(
                file.getBytes(java.nio.charset.StandardCharsets.UTF_8)), auto(), "orders.jsonl", 200)) {
            assertThat(reader.next()).isInstanceOf(SourceRow.class);
            assertThatThrownBy(reader::next)
                    .isInstanceOf(FileReadException.class)
                    .hasMessageContaining("orders.jsonl")
                    .hasMessageContaining("line 2")
                    .hasMessageContaining("longer than 200 characters");
        }
    }

    @Test
    void shouldReportTwoObjectsOnOneJsonLinesLineAsAnError() throws Exception {
        List<RowResult> rows = readAll(utf8("{\"a\":1} {\"b\":2}\n{\"c\":3}\n"), auto(), "x.ndjson");

        assertThat(rowError(rows.get(0)).reasons().get(0)).contains("Trailing token");
        assertThat(sourceRow(rows.get(1)).data().get("c").asInt()).isEqualTo(3);
    }

    @Test
    void shouldReportAJsonLinesLineWithUndecodableBytes() throws Exception {
        // given
        byte[] file = concat(concat(utf8("{\"city\":\"S"), new byte[] {(byte) 0xE3}), utf8("o\"}\n{\"city\":\"Natal\"}\n"));

        // when
        List<RowResult> rows = readAll(file, auto(), "v.jsonl");

        // then
        assertThat(rowError(rows.get(0)).reasons()).containsExactly("undecodable bytes for encoding UTF-8");
        assertThat(sourceRow(rows.get(1)).data().get("city").asText()).isEqualTo("Natal");
    }

    @Test
    void shouldReadAJsonArrayElementByElementReportingANonObjectElement() throws Exception {
        // given
        String file = "[\n  {\"id\": 1, \"total\": 1234.5678},\n  42,\n  {\"id\": 3, \"nested\": {\"k\": [true, null]}}\n]\n";

        // when
        List<RowResult> rows = readAll(utf8(file), auto(), "vendas.json");

        // then rows are numbered by element and keep exact decimals
        assertThat(rows).extracting(RowResult::number).containsExactly(1L, 2L, 3L);
        SourceRow first = sourceRow(rows.get(0));
        assertThat(first.rawText()).isEqualTo("{\"id\":1,\"total\":1234.5678}");
        assertThat(first.data().get("total").decimalValue()).isEqualTo(new BigDecimal("1234.5678"));
        RowError notObject = rowError(rows.get(1));
        assertThat(notObject.reasons()).containsExactly("element 2 is a number, not a JSON object");
        assertThat(notObject.rawText()).isEqualTo("42");
        assertThat(sourceRow(rows.get(2)).data().at("/nested/k/0").asBoolean()).isTrue();
    }

    @Test
    void shouldRejectAJsonFileWhoseTopLevelIsAnObject() {
        assertThatThrownBy(() -> readAll(utf8("{\"id\": 1}"), auto(), "single.json"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("single.json")
                .hasMessageContaining("top level is an object");
    }

    @Test
    void shouldFailOnMalformedJsonMidArrayAfterReturningTheRowsBeforeIt() throws Exception {
        // given
        String file = "[{\"id\":1},{\"id\":2},{\"id\" 3},{\"id\":4}]";

        // when / then
        try (RowReader reader = RowReaders.open(new ByteArrayInputStream(utf8(file)), auto(), "broken.json")) {
            assertThat(sourceRow(reader.next()).data().get("id").asInt()).isEqualTo(1);
            assertThat(sourceRow(reader.next()).data().get("id").asInt()).isEqualTo(2);
            assertThatThrownBy(reader::next)
                    .isInstanceOf(FileReadException.class)
                    .hasMessageContaining("broken.json: malformed JSON at line 1")
                    .hasMessageContaining("after 2 complete elements");
        }
    }

    @Test
    void shouldFailWhenAJsonArrayIsNeverClosed() throws Exception {
        try (RowReader reader = RowReaders.open(new ByteArrayInputStream(utf8("[{\"id\":1},")), auto(), "cut.json")) {
            assertThat(reader.next()).isInstanceOf(SourceRow.class);
            assertThatThrownBy(reader::next).isInstanceOf(FileReadException.class).hasMessageContaining("cut.json");
        }
    }

    @Test
    void shouldTreatAnEmptyJsonArrayAsAnEmptyFile() {
        assertThatThrownBy(() -> readAll(utf8(" [ ] "), auto(), "none.json"))
                .isInstanceOf(FileReadException.class)
                .hasMessageContaining("file is empty");
    }
}
