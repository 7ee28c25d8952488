package br.com.etlvendas.cli;

import br.com.etlvendas.extract.dlq.DlqRecord;
import br.com.etlvendas.extract.dlq.DlqRecords;
import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DlqListingTest {

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");
    private static final DlqRecord ROW_5 = DlqRecords.sourceRow(0, 17, "ingest-1:superstore", "file:///in/a.csv#L5", "x",
            "sold_at: '8.11.2016' is not a date", AT);
    private static final DlqRecord ROW_6 = DlqRecords.sourceRow(1, 4, "ingest-1:superstore", "file:///in/a.csv#L6", "y",
            "sold_at: '9.11.2016' is not a date", AT.plusSeconds(1));
    private static final DlqRecord REFUSED = DlqRecords.rejected(2, 3, "load", "erp", "warehouse refused the sale", 2,
            AT.plusSeconds(2));

    private static DlqListing listing(List<DlqRecord> shown) {
        return new DlqListing(shown, List.of(ROW_5, ROW_6, REFUSED),
                id -> id.equals("1:4") ? Optional.of(AT.plusSeconds(600)) : Optional.empty());
    }

    @Test
    void shouldPrintEachRecordWithItsIdOriginReasonsAndWhetherItWasReplayed() {
        // given
        StringWriter text = new StringWriter();

        // when
        listing(List.of(ROW_5, ROW_6)).printTable(new PrintWriter(text));

        // then
        List<String> lines = text.toString().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("REJECTED AT", "STAGE", "LINES", "SOURCE", "ORIGIN", "REPLAYED",
                "REASONS");
        assertThat(lines.get(1)).startsWith("0:17").contains("2026-11-29T10:00:00Z", "validate", "ingest-1:superstore",
                "file:///in/a.csv#L5", "sold_at: '8.11.2016' is not a date").doesNotContain("2026-11-29T10:10:00Z");
        assertThat(lines.get(2)).startsWith("1:4").contains("2026-11-29T10:10:00Z");
        assertThat(lines.get(1).indexOf("validate")).as("columns line up").isEqualTo(lines.get(2).indexOf("validate"));
    }

    @Test
    void shouldSummariseEveryMatchingRecordByStageAndByReasonShape() {
        // given only one record shown of the three matching
        StringWriter text = new StringWriter();

        // when
        listing(List.of(ROW_5)).printTable(new PrintWriter(text));

        // then dates differing only in their values count as one reason
        assertThat(text.toString())
                .contains("dlq: matched=3 shown=1 lines=4 replayed=1")
                .contains("by stage:\n       1  load\n       2  validate\n")
                .contains("      2  sold_at: '…' is not a date\n")
                .contains("      1  warehouse refused the sale\n");
    }

    @Test
    void shouldPrintTheSameAsJson() throws Exception {
        // given
        StringWriter text = new StringWriter();

        // when
        listing(List.of(ROW_5, REFUSED)).printJson(new PrintWriter(text));

        // then
        JsonNode json = SaleJson.mapper().readTree(text.toString());
        assertThat(json.get("records")).hasSize(2);
        JsonNode first = json.get("records").get(0);
        assertThat(first.get("id").asText()).isEqualTo("0:17");
        assertThat(first.get("sourceOrigin").asText()).isEqualTo("file:///in/a.csv#L5");
        assertThat(first.get("reasons").get(0).asText()).isEqualTo("sold_at: '8.11.2016' is not a date");
        assertThat(first.get("replayedAt").isNull()).isTrue();
        assertThat(json.get("records").get(1).get("lineCount").asInt()).isEqualTo(2);
        assertThat(json.get("summary").get("matched").asInt()).isEqualTo(3);
        assertThat(json.get("summary").get("byStage").get("validate").asInt()).isEqualTo(2);
        assertThat(json.get("summary").get("byReason").get("sold_at: '…' is not a date").asInt()).isEqualTo(2);
    }
}
