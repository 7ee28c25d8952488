package br.com.etlvendas.sale;

import java.time.Instant;

/**
 * Sale records that arrived after their window of one size had closed (later than the grace period behind
 * the newest {@code sold_at} the partition had seen), as one partition of {@code sales.raw} counted them.
 * Their lines are in the warehouse and the running totals, but in no window of that size. Published on
 * {@code sales.kpi.late-events}, keyed by {@link #key()}.
 */
public record KpiLateEvents(String size, int partition, long records, long lines, Instant updatedAt) {

    public String key() {
        return size + "|" + partition;
    }
}
