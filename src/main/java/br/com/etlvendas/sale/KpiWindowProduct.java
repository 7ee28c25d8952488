package br.com.etlvendas.sale;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One product's totals in one tumbling window and currency, as one partition of {@code sales.raw} counted
 * them; top-N lists are taken over the sum across partitions. Published on {@code sales.kpi.window-products},
 * keyed by {@link #key()}.
 */
public record KpiWindowProduct(String size, Instant windowStart, Instant windowEnd, String currency, String sku,
                               String productName, int partition, Money revenue, long lines, BigDecimal units,
                               Instant updatedAt) {

    public String key() {
        return size + "|" + windowStart.toEpochMilli() + "|" + currency + "|" + sku + "|" + partition;
    }
}
