package br.com.etlvendas.serve;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code /metrics} shows, from a scrape of {@link PipelineMetrics} fed with known figures ({@link MetricsSamples}). */
class PipelineMetricsTest {

    private final PipelineMetrics metrics = MetricsSamples.metrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void shouldCountLinesPerStageAndSourceFromTheKpiTotalsAndTheLoader() {
        String scrape = metrics.scrape();

        // to sales.clean: 90 held + 5 removed + 3 updated; published: that + 4 rejected + 2 duplicates + 1 stale + 6 filtered - 1 replayed
        assertThat(scrape).contains("# TYPE etl_lines_total counter")
                .contains("etl_lines_total{source=\"erp\",stage=\"transform\"} 98.0")
                .contains("etl_lines_total{source=\"erp\",stage=\"extract\"} 110.0")
                .contains("etl_lines_total{source=\"all\",stage=\"load\"} 1234.0");
    }

    @Test
    void shouldExposeEveryReconciliationFigurePerSource() {
        String scrape = metrics.scrape();

        assertThat(scrape).contains("etl_reconciliation_lines{figure=\"published\",source=\"erp\"} 110.0")
                .contains("etl_reconciliation_lines{figure=\"loaded\",source=\"erp\"} 90.0")
                .contains("etl_reconciliation_lines{figure=\"rejected\",source=\"erp\"} 4.0")
                .contains("etl_reconciliation_lines{figure=\"duplicates\",source=\"erp\"} 2.0")
                .contains("etl_reconciliation_lines{figure=\"stale\",source=\"erp\"} 1.0")
                .contains("etl_reconciliation_lines{figure=\"filtered\",source=\"erp\"} 6.0")
                .contains("etl_reconciliation_lines{figure=\"dlq\",source=\"erp\"} 3.0")
                .contains("etl_orders{source=\"erp\"} 7.0")
                .contains("etl_enrichment_unknown_lines{catalog=\"products\",source=\"erp\"} 8.0")
                .contains("etl_enrichment_unknown_lines{catalog=\"stores\",source=\"erp\"} 9.0");
    }

    @Test
    void shouldExposeTheLagOfStreamsAndLoaderOnTheirInputTopicsOnly() {
        String scrape = metrics.scrape();

        assertThat(scrape).contains("etl_consumer_lag_records{consumer=\"streams\",partition=\"0\",topic=\"sales.raw\"} 12.0")
                .contains("etl_consumer_lag_records{consumer=\"loader\",partition=\"0\",topic=\"sales.clean\"} 7.0")
                .doesNotContain("some-changelog");
    }

    @Test
    void shouldCountDlqRecordsAndLinesByStage() {
        String scrape = metrics.scrape();

        assertThat(scrape).contains("etl_dlq_records_total{source=\"erp\",stage=\"validate\"} 3.0")
                .contains("etl_dlq_lines_total{source=\"erp\",stage=\"validate\"} 4.0")
                .contains("etl_dlq_records_total{source=\"erp\",stage=\"load\"} 1.0");
    }

    @Test
    void shouldExposeLoadLatencyAsACumulativeHistogramInSeconds() {
        String scrape = metrics.scrape();

        assertThat(scrape).contains("# TYPE etl_load_latency_seconds histogram")
                .contains("etl_load_latency_seconds_bucket{le=\"0.05\"} 1")
                .contains("etl_load_latency_seconds_bucket{le=\"0.25\"} 3")
                .contains("etl_load_latency_seconds_bucket{le=\"1.0\"} 3")
                .contains("etl_load_latency_seconds_bucket{le=\"2.5\"} 4")
                .contains("etl_load_latency_seconds_bucket{le=\"+Inf\"} 4")
                .contains("etl_load_latency_seconds_count 4");
    }

    @Test
    void shouldExposeComponentAndSourceStates() {
        String scrape = metrics.scrape();

        assertThat(scrape).contains("etl_component_ready{component=\"kafka\"} 1.0")
                .contains("etl_component_ready{component=\"source:jdbc-erp\"} 0.0")
                .contains("etl_source_running{source=\"jdbc-erp\"} 0.0");
    }

    @Test
    void shouldExposeJvmMemoryGcAndThreads() {
        Set<String> names = MetricsSamples.sampleNames(metrics.scrape());

        assertThat(names).contains("jvm_memory_used_bytes", "jvm_threads_live_threads", "jvm_gc_memory_allocated_bytes_total",
                "process_cpu_usage", "process_uptime_seconds");
    }

    @Test
    void shouldDescribeEveryMetricWithAHelpLine() {
        List<String> undescribed = new ArrayList<>();
        String scrape = metrics.scrape();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String family = line.split(" ")[2];
                if (!scrape.contains("# HELP " + family + " ")) {
                    undescribed.add(family);
                }
            }
        }

        assertThat(scrape).contains("# TYPE etl_lines_total counter");
        assertThat(undescribed).isEmpty();
    }
}
