package br.com.etlvendas.serve;

import br.com.etlvendas.sale.Money;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link PipelineMetrics} fed with known figures of every kind it exposes, and the names a scrape of it shows:
 * the metrics class's own test checks the figures, and the Grafana dashboard's test checks its panels use only
 * these names.
 */
public final class MetricsSamples {

    public static final String RAW = "sales.raw";
    public static final String CLEAN = "sales.clean";

    private MetricsSamples() {
    }

    /**
     * Source {@code erp}: 90 lines held, 5 removed, 3 updated, 4 rejected (1 replayed), 2 duplicates, 1 stale, 6 filtered;
     * 8 lines with a product and 9 with a store the enrichment catalogues do not know.
     */
    public static KpiTotalsView.KpiSummary erpTotals() {
        return new KpiTotalsView.KpiSummary("erp", Money.of(new BigDecimal("100.00")), 7, 90, Money.of(new BigDecimal("14.29")),
                3, 4, 2, Instant.parse("2026-11-30T10:00:00Z"), 6, 1, 3, 3, 5, 1, Map.of("BRL", Money.of(new BigDecimal("100.00"))),
                8, 9);
    }

    public static Metric metric(String name, String group, Map<String, String> tags, double value) {
        MetricName n = new MetricName(name, group, "", tags);
        return new Metric() {
            @Override
            public MetricName metricName() {
                return n;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        };
    }

    public static Map<MetricName, Metric> lagOf(String topic, String clientId, double lag) {
        Metric lagMetric = metric("records-lag", "consumer-fetch-manager-metrics",
                Map.of("topic", topic, "partition", "0", "client-id", clientId), lag);
        Metric other = metric("records-lag", "consumer-fetch-manager-metrics",
                Map.of("topic", "some-changelog", "partition", "0", "client-id", clientId + "-restore"), 99);
        return Map.of(lagMetric.metricName(), lagMetric, other.metricName(), other);
    }

    /** Latencies of 40 ms (1 line), 200 ms (2 lines) and 2 s (1 line). */
    public static Histogram latencies() {
        Histogram h = new Histogram(86_400_000L, 3);
        h.recordValue(40);
        h.recordValueWithCount(200, 2);
        h.recordValue(2000);
        return h;
    }

    public static PipelineMetrics metrics() {
        Readiness readiness = new Readiness()
                .add("kafka", () -> Readiness.Status.ready("1 broker(s) reachable"))
                .add(PipelineMetrics.SOURCE_PREFIX + "jdbc-erp", () -> Readiness.Status.notReady("STOPPED"));
        return new PipelineMetrics(() -> List.of(erpTotals()),
                () -> List.of(new DlqStageCounts.Count("validate", "erp", 3, 4), new DlqStageCounts.Count("load", "erp", 1, 2)),
                readiness, new PipelineMetrics.Stages(() -> lagOf(RAW, "app-StreamThread-1-consumer", 12), RAW,
                () -> lagOf(CLEAN, "loader", 7), CLEAN, () -> 1234L, MetricsSamples::latencies));
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

    /** Every sample name of a scrape ({@code etl_lines_total}, {@code etl_load_latency_seconds_bucket}, ...). */
    public static Set<String> sampleNames(String scrape) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }
}
