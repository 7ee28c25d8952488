package br.com.etlvendas.extract.jdbc;

import org.junit.jupiter.api.Test;

import java.sql.Types;

import static org.assertj.core.api.Assertions.assertThat;

/** How watermark values are typed, stored and compared. */
class WatermarkTest {

    @Test
    void shouldTellTimestampsWithZoneFromThoseWithoutByTheirTypeName() {
        assertThat(Watermark.Kind.of(Types.TIMESTAMP, "timestamptz")).isEqualTo(Watermark.Kind.TIMESTAMP_TZ);
        assertThat(Watermark.Kind.of(Types.TIMESTAMP, "timestamp")).isEqualTo(Watermark.Kind.TIMESTAMP);
        assertThat(Watermark.Kind.of(Types.BIGINT, "int8")).isEqualTo(Watermark.Kind.INTEGER);
        assertThat(Watermark.Kind.of(Types.VARCHAR, "text")).isEqualTo(Watermark.Kind.TEXT);
    }

    @Test
    void shouldReadBackItsStoredPositionAndTreatForeignTextAsUntyped() {
        Watermark w = new Watermark(Watermark.Kind.TIMESTAMP_TZ, "2026-03-01T17:30:00.5Z");

        assertThat(Watermark.parse(w.position())).contains(w);
        assertThat(Watermark.parse("2026-03-01T17:30:00Z")).as("a bare timestamp typed by hand").isEmpty();
        assertThat(Watermark.parse("1234")).isEmpty();
    }

    @Test
    void shouldCompareNumbersByValueAndInstantsByInstant() {
        assertThat(new Watermark(Watermark.Kind.DECIMAL, "1.0").sameValue(new Watermark(Watermark.Kind.DECIMAL, "1.00"))).isTrue();
        assertThat(new Watermark(Watermark.Kind.TIMESTAMP_TZ, "2026-03-01T17:30:00Z")
                .sameValue(new Watermark(Watermark.Kind.TIMESTAMP_TZ, "2026-03-01T14:30:00-03:00"))).isTrue();
        assertThat(new Watermark(Watermark.Kind.TEXT, "a").sameValue(new Watermark(Watermark.Kind.TEXT, "A"))).isFalse();
    }

    @Test
    void shouldQuoteIdentifiersDoublingEmbeddedQuotes() {
        assertThat(WatermarkQuery.quote("vendas \"x\"", "\"")).isEqualTo("\"vendas \"\"x\"\"\"");
        assertThat(WatermarkQuery.quote("id", "")).isEqualTo("id");
    }
}
