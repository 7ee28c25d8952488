package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.sale.RawSale;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class DlqReplayPlanTest {

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");
    private static final String SOURCE = "ingest-1:superstore";
    private static final ColumnMapping SUPERSTORE = MappingLoader.load(Path.of("config", "mappings", "superstore.yml"), Map.of());
    private static final Function<RawSale, byte[]> SALE_ID_BYTES = s -> String.valueOf(s.saleId()).getBytes(StandardCharsets.UTF_8);

    private static DlqReplayer.Plan plan(List<DlqRecord> chosen, Function<String, Optional<Instant>> replayedAt,
                                         Optional<ColumnMapping> mapping) {
        return DlqReplayer.plan(chosen, replayedAt, false, r -> mapping, new SourceRowRemapper((f, m) -> DlqRecords.HEADER),
                SALE_ID_BYTES);
    }

    @Test
    void shouldSendAnInvalidSalesOriginalPayloadUnderItsOriginalKey() {
        // given
        DlqRecord invalid = DlqRecords.rejected(1, 7, "validate", SOURCE, "quantity: '-2' must be positive", 3, AT);

        // when
        DlqReplayer.Plan plan = plan(List.of(invalid), id -> Optional.empty(), Optional.empty());

        // then
        assertThat(plan.send()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("S-7");
            assertThat(p.payload()).isEqualTo(invalid.payload());
            assertThat(p.remapped()).isEmpty();
        });
        assertThat(plan.lines()).isEqualTo(3);
    }

    @Test
    void shouldMapASourceRowAgainAndKeyItBySaleId() {
        // given a row that the current mapping reads
        DlqRecord row = DlqRecords.sourceRow(0, 2, SOURCE, "file:///in/a.csv#L3", DlqRecords.superstoreRow(2, "11/8/2016"),
                "sold_at: not a date", AT);

        // when
        DlqReplayer.Plan plan = plan(List.of(row), id -> Optional.empty(), Optional.of(SUPERSTORE));

        // then
        assertThat(plan.send()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("CA-2016-152156");
            assertThat(new String(p.payload(), StandardCharsets.UTF_8)).isEqualTo("CA-2016-152156");
            assertThat(p.stillUnmappable()).isFalse();
        });
    }

    @Test
    void shouldSkipRecordsAlreadyReplayedAndRecordsTheWarehouseRefused() {
        // given
        DlqRecord replayed = DlqRecords.rejected(0, 1, "validate", SOURCE, "r", 1, AT);
        DlqRecord refused = DlqRecords.rejected(0, 2, "load", SOURCE, "warehouse refused the sale", 1, AT);

        // when
        DlqReplayer.Plan plan = plan(List.of(replayed, refused),
                id -> id.equals("0:1") ? Optional.of(AT.plusSeconds(60)) : Optional.empty(), Optional.empty());

        // then nothing is sent, and that is not a problem
        assertThat(plan.send()).isEmpty();
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.skipped()).extracting(s -> s.record().id() + " " + s.why())
                .containsExactly("0:1 already replayed at 2026-11-29T10:01:00Z",
                        "0:2 refused by the warehouse after validation: fix the warehouse, its lines are de-duplicated "
                                + "already and a replay through the pipeline would only drop them");
    }

    @Test
    void shouldSendARecordRejectedAgainAfterAReplayOnlyWhenNamed() {
        // given a record a replay of 0:1 put back on the DLQ
        DlqRecord again = new DlqRecord(0, 9, "S-1", "{}".getBytes(StandardCharsets.UTF_8), "validate", List.of("r"),
                "sales.raw/0/40", SOURCE, "seq-1", 1, Optional.of(AT), false, Optional.of("0:1"));

        // when
        DlqReplayer.Plan chosenByFilters = plan(List.of(again), id -> Optional.empty(), Optional.empty());
        DlqReplayer.Plan named = DlqReplayer.plan(List.of(again), id -> Optional.empty(), true, r -> Optional.empty(),
                new SourceRowRemapper((f, m) -> DlqRecords.HEADER), SALE_ID_BYTES);

        // then
        assertThat(chosenByFilters.send()).isEmpty();
        assertThat(chosenByFilters.skipped()).singleElement().satisfies(s ->
                assertThat(s.why()).contains("rejected again when 0:1 was replayed").contains("--ids"));
        assertThat(named.send()).hasSize(1);
    }

    @Test
    void shouldReportASourceRowWithoutAMappingAsAProblem() {
        // given
        DlqRecord row = DlqRecords.sourceRow(0, 2, "unknown-source", "file:///in/a.csv#L3", "a,b", "r", AT);

        // when
        DlqReplayer.Plan plan = plan(List.of(row), id -> Optional.empty(), Optional.empty());

        // then
        assertThat(plan.send()).isEmpty();
        assertThat(plan.problems()).singleElement().satisfies(p ->
                assertThat(p.what()).contains("no mapping for source 'unknown-source'").contains("--mapping"));
    }

    @Test
    void shouldFindAnIngestRunsMappingByItsSourceName() {
        // given
        SourceMappings mappings = new SourceMappings(List.of(SUPERSTORE));

        // then
        assertThat(mappings.forSource(DlqRecords.rejected(0, 1, "validate", "ingest-1:superstore", "r", 1, AT))).contains(SUPERSTORE);
        assertThat(mappings.forSource(DlqRecords.rejected(0, 1, "validate", "superstore", "r", 1, AT))).contains(SUPERSTORE);
        assertThat(mappings.forSource(DlqRecords.rejected(0, 1, "validate", "ingest-1:other", "r", 1, AT))).isEmpty();
    }
}
