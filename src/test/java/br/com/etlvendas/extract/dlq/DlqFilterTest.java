package br.com.etlvendas.extract.dlq;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DlqFilterTest {

    private static final Instant AT = Instant.parse("2026-11-29T10:00:00Z");
    private static final DlqRecord BAD_DATE = DlqRecords.sourceRow(0, 17, "ingest-20261129-103627-456a:superstore",
            "file:///in/a.csv#L5", "x", "sold_at: '8.11.2016' is not a date in a known pattern", AT);
    private static final DlqRecord REFUSED = DlqRecords.rejected(2, 3, "load", "erp-loja-01",
            "warehouse refused the sale: violates check constraint", 2, AT.plusSeconds(3600));

    private static DlqFilter filter(String stage, String reason, String source, Instant since, Set<String> ids) {
        return new DlqFilter(Optional.ofNullable(stage), Optional.ofNullable(reason), Optional.ofNullable(source),
                Optional.ofNullable(since), ids);
    }

    @Test
    void shouldMatchEveryRecordWhenNoConditionIsGiven() {
        assertThat(DlqFilter.all().matches(BAD_DATE)).isTrue();
        assertThat(DlqFilter.all().matches(REFUSED)).isTrue();
    }

    @Test
    void shouldMatchTheStageInAnyCase() {
        DlqFilter load = filter("LOAD", null, null, null, Set.of());

        assertThat(load.matches(REFUSED)).isTrue();
        assertThat(load.matches(BAD_DATE)).isFalse();
    }

    @Test
    void shouldMatchReasonTextAnywhereInAnyReasonInAnyCase() {
        DlqFilter date = filter(null, "NOT A DATE", null, null, Set.of());

        assertThat(date.matches(BAD_DATE)).isTrue();
        assertThat(date.matches(REFUSED)).isFalse();
    }

    @Test
    void shouldMatchAnIngestRunsSourceByItsMappingsSourceNameAndByItsRunId() {
        assertThat(filter(null, null, "superstore", null, Set.of()).matches(BAD_DATE)).isTrue();
        assertThat(filter(null, null, "ingest-20261129-103627-456a", null, Set.of()).matches(BAD_DATE)).isTrue();
        assertThat(filter(null, null, "ingest-20261129-103627-456a:superstore", null, Set.of()).matches(BAD_DATE)).isTrue();
        assertThat(filter(null, null, "store", null, Set.of()).matches(BAD_DATE)).as("not a part of a name").isFalse();
        assertThat(filter(null, null, "superstore", null, Set.of()).matches(REFUSED)).isFalse();
    }

    @Test
    void shouldMatchRecordsRejectedAtOrAfterTheGivenInstant() {
        DlqFilter since = filter(null, null, null, AT.plusSeconds(1), Set.of());

        assertThat(since.matches(REFUSED)).isTrue();
        assertThat(since.matches(BAD_DATE)).isFalse();
        assertThat(filter(null, null, null, AT, Set.of()).matches(BAD_DATE)).as("at the instant itself").isTrue();
    }

    @Test
    void shouldMatchOnlyTheGivenIds() {
        DlqFilter ids = filter(null, null, null, null, Set.of("2:3", "0:99"));

        assertThat(ids.matches(REFUSED)).isTrue();
        assertThat(ids.matches(BAD_DATE)).isFalse();
    }

    @Test
    void shouldRequireEveryGivenConditionAtOnce() {
        DlqFilter both = filter("validate", "constraint", null, null, Set.of());

        assertThat(both.matches(BAD_DATE)).as("right stage, other reason").isFalse();
        assertThat(both.matches(REFUSED)).as("right reason, other stage").isFalse();
        assertThat(filter("validate", "date", "superstore", AT, Set.of("0:17")).matches(BAD_DATE)).isTrue();
    }
}
