package br.com.etlvendas.sale;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The totals of one tumbling window for one dimension value and one currency, as one partition of
 * {@code sales.raw} counted them (the whole pipeline's are the sum over partitions, which is exact: a sale
 * lives on one partition). Only completed sales count. {@code orders} counts distinct sale ids with at
 * least one line in the window and dimension value; {@code size} is {@code minute}, {@code hour} or
 * {@code day}, {@code dimension} one of {@code all}, {@code store}, {@code state}, {@code channel},
 * {@code category}, {@code payment}. Published on {@code sales.kpi.windows}, keyed by {@link #key()}.
 */
public record KpiWindow(String size, Instant windowStart, Instant windowEnd, String dimension, String value,
                        String currency, int partition, Money revenue, long orders, long lines, BigDecimal units,
                        Instant updatedAt) {

    public String key() {
        return key(size, windowStart, dimension, value, currency, partition);
    }

    public static String key(String size, Instant windowStart, String dimension, String value, String currency, int partition) {
        return size + "|" + windowStart.toEpochMilli() + "|" + dimension + "|" + value + "|" + currency + "|" + partition;
    }
}
