package br.com.etlvendas.serve;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code /metrics} in Prometheus' text format: the pipeline's figures and the JVM's. Nothing here runs per record:
 * every pipeline figure is read at scrape time from counters the stages keep anyway — the KPI totals the dashboard
 * reads ({@code sales.kpi.totals}), the loader's line count and latency histogram, the DLQ's counts by stage, the
 * Kafka clients' own lag metrics, the components' readiness. JVM memory, GC, threads, classes, CPU and uptime come
 * from Micrometer's binders. Names carry their unit ({@code _seconds}, {@code _records}, {@code _lines}) and counters
 * end in {@code _total}.
 */
public final class PipelineMetrics implements AutoCloseable {

    /** Upper bounds of the load latency histogram's buckets, in seconds. */
    static final double[] LATENCY_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, Double.POSITIVE_INFINITY};

    /**
     * What this process's stages offer besides the KPI totals and the DLQ counts; a stage the process does not run
     * is {@code null}. {@code streams} and {@code loader} are the Kafka clients' metrics, reading the topics named.
     */
    public record Stages(Supplier<Map<MetricName, ? extends Metric>> streams, String streamsTopic,
                         Supplier<Map<MetricName, ? extends Metric>> loader, String loaderTopic,
                         LongSupplier loadedLines, Supplier<Histogram> loadLatency) {

        public static Stages none() {
            return new Stages(null, null, null, null, null, null);
        }
    }

    private final Supplier<List<KpiTotalsView.KpiSummary>> totals;
    private final Supplier<List<DlqStageCounts.Count>> dlq;
    private final Readiness readiness;
    private final Stages stages;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    /**
     * @param totals per source, as {@link KpiTotalsView#bySource()} gives them
     * @param dlq    per stage and source, as {@link DlqStageCounts#counts()} gives them
     */
    public PipelineMetrics(Supplier<List<KpiTotalsView.KpiSummary>> totals, Supplier<List<DlqStageCounts.Count>> dlq,
                           Readiness readiness, Stages stages) {
        this.totals = totals;
        this.dlq = dlq;
        this.readiness = readiness;
        this.stages = stages;
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        registry.getPrometheusRegistry().register(new PipelineCollector());
    }

    /** The whole exposition, as Prometheus scrapes it. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private final class PipelineCollector implements MultiCollector {
        @Override
        public MetricSnapshots collect() {
            List<MetricSnapshot> out = new ArrayList<>();
            Map<String, KpiTotalsView.KpiSummary> bySource = new HashMap<>();
            for (KpiTotalsView.KpiSummary s : totals.get()) {
                bySource.put(s.source(), s);
            }
            out.add(lines(bySource));
            out.add(reconciliation(bySource));
            out.add(orders(bySource));
            out.add(unknownToCatalogues(bySource));
            out.add(dlqCount("etl_dlq_records", "Records in sales.dlq, by the stage that rejected them and their source", true));
            out.add(dlqCount("etl_dlq_lines", "Lines the records in sales.dlq stand for, by stage and source", false));
            out.add(lag());
            if (stages.loadLatency() != null) {
                out.add(latency(stages.loadLatency().get()));
            }
            out.addAll(readiness());
            return new MetricSnapshots(out);
        }

        private MetricSnapshot lines(Map<String, KpiTotalsView.KpiSummary> bySource) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name("etl_lines")
                    .help("Lines through each stage: extract = published on sales.raw by the source (as the pipeline read "
                            + "them), transform = passed on to sales.clean (new and changed lines), load = committed in the "
                            + "warehouse by this process's loader (source=\"all\")");
            bySource.forEach((source, t) -> {
                long toClean = t.lines() + t.removedLines() + t.updatedLines();
                long published = toClean + t.rejectedLines() + t.duplicateLines() + t.staleLines() + t.filteredLines()
                        - t.replayedLines();
                b.dataPoint(counter(published, "source", source, "stage", "extract"));
                b.dataPoint(counter(toClean, "source", source, "stage", "transform"));
            });
            if (stages.loadedLines() != null) {
                b.dataPoint(counter(stages.loadedLines().getAsLong(), "source", "all", "stage", "load"));
            }
            return b.build();
        }

        private MetricSnapshot reconciliation(Map<String, KpiTotalsView.KpiSummary> bySource) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("etl_reconciliation_lines")
                    .help("The reconciliation's figures per source, in lines (sales.kpi.totals): loaded = what the warehouse "
                            + "holds; published = loaded + removed + updated + rejected + duplicates + stale + filtered - replayed; "
                            + "dlq = rejected lines not replayed since");
            bySource.forEach((source, t) -> {
                long published = t.lines() + t.removedLines() + t.updatedLines() + t.rejectedLines() + t.duplicateLines()
                        + t.staleLines() + t.filteredLines() - t.replayedLines();
                figure(b, source, "published", published);
                figure(b, source, "loaded", t.lines());
                figure(b, source, "rejected", t.rejectedLines());
                figure(b, source, "duplicates", t.duplicateLines());
                figure(b, source, "updated", t.updatedLines());
                figure(b, source, "removed", t.removedLines());
                figure(b, source, "stale", t.staleLines());
                figure(b, source, "filtered", t.filteredLines());
                figure(b, source, "replayed", t.replayedLines());
                figure(b, source, "dlq", t.dlqLines());
            });
            return b.build();
        }

        private void figure(GaugeSnapshot.Builder b, String source, String figure, long value) {
            b.dataPoint(gauge(value, "figure", figure, "source", source));
        }

        private MetricSnapshot orders(Map<String, KpiTotalsView.KpiSummary> bySource) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("etl_orders")
                    .help("Distinct orders with at least one line of a completed sale, per source (sales.kpi.totals)");
            bySource.forEach((source, t) -> b.dataPoint(gauge(t.orders(), "source", source)));
            return b.build();
        }

        private MetricSnapshot unknownToCatalogues(Map<String, KpiTotalsView.KpiSummary> bySource) {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("etl_enrichment_unknown_lines")
                    .help("Lines whose product or store the enrichment catalogues do not know (flagged, still loaded), per source");
            bySource.forEach((source, t) -> {
                b.dataPoint(gauge(t.unknownProductLines(), "catalog", "products", "source", source));
                b.dataPoint(gauge(t.unknownStoreLines(), "catalog", "stores", "source", source));
            });
            return b.build();
        }

        private MetricSnapshot dlqCount(String name, String help, boolean records) {
            CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
            for (DlqStageCounts.Count c : dlq.get()) {
                b.dataPoint(counter(records ? c.records() : c.lines(), "source", c.source(), "stage", c.stage()));
            }
            return b.build();
        }

        private MetricSnapshot lag() {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("etl_consumer_lag_records")
                    .help("Records each consumer still has to read, per partition: Kafka Streams on sales.raw "
                            + "(consumer=\"streams\"), the warehouse loader on sales.clean (consumer=\"loader\")");
            lagOf(b, "streams", stages.streams(), stages.streamsTopic());
            lagOf(b, "loader", stages.loader(), stages.loaderTopic());
            return b.build();
        }

        private void lagOf(GaugeSnapshot.Builder b, String consumer, Supplier<Map<MetricName, ? extends Metric>> metrics,
                           String topic) {
            lagByPartition(metrics, topic).forEach((partition, lag) -> b.dataPoint(gauge(lag, "consumer", consumer,
                    "partition", partition, "topic", topic)));
        }

        private MetricSnapshot latency(Histogram h) {
            long[] counts = new long[LATENCY_BUCKETS.length];
            long previous = 0;
            for (int i = 0; i < LATENCY_BUCKETS.length; i++) {
                long upTo = Double.isInfinite(LATENCY_BUCKETS[i]) ? h.getTotalCount()
                        : h.getCountBetweenValues(0, (long) (LATENCY_BUCKETS[i] * 1000));
                counts[i] = upTo - previous;   // non-cumulative, as the snapshot wants them
                previous = upTo;
            }
            double sumSeconds = h.getTotalCount() == 0 ? 0 : h.getMean() * h.getTotalCount() / 1000.0;
            return HistogramSnapshot.builder().name("etl_load_latency_seconds")
                    .help("Time from a line's publication on sales.raw to its commit in the warehouse, per line, since "
                            + "this process started (millisecond resolution)")
                    .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(LATENCY_BUCKETS, counts))
                            .sum(sumSeconds).build())
                    .build();
        }

        private List<MetricSnapshot> readiness() {
            GaugeSnapshot.Builder ready = GaugeSnapshot.builder().name("etl_component_ready")
                    .help("1 when the component is ready (as /ready reports it), 0 when not");
            GaugeSnapshot.Builder sources = GaugeSnapshot.builder().name("etl_source_running")
                    .help("1 while the source runs (or finished its work), 0 when it stopped on a failure");
            readiness.evaluate().forEach((component, s) -> {
                ready.dataPoint(gauge(s.ready() ? 1 : 0, "component", component));
                if (component.startsWith(SOURCE_PREFIX)) {
                    sources.dataPoint(gauge(s.ready() ? 1 : 0, "source", component.substring(SOURCE_PREFIX.length())));
                }
            });
            return List.of(ready.build(), sources.build());
        }
    }

    /** Components named {@code source:<name>} are sources; their state is also {@code etl_source_running}. */
    public static final String SOURCE_PREFIX = "source:";

    private static CounterSnapshot.CounterDataPointSnapshot counter(double value, String... labels) {
        return CounterSnapshot.CounterDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    private static GaugeSnapshot.GaugeDataPointSnapshot gauge(double value, String... labels) {
        return GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
    }

    /** Records a consumer still has to read on {@code topic}, per partition, from its client's own metrics. */
    public static Map<String, Double> lagByPartition(Supplier<Map<MetricName, ? extends Metric>> metrics, String topic) {
        Map<String, Double> lag = new java.util.TreeMap<>();
        if (metrics == null) {
            return lag;
        }
        for (Map.Entry<MetricName, ? extends Metric> e : metrics.get().entrySet()) {
            MetricName n = e.getKey();
            if ("records-lag".equals(n.name()) && "consumer-fetch-manager-metrics".equals(n.group())
                    && topic.equals(n.tags().get("topic"))
                    && e.getValue().metricValue() instanceof Number v && !Double.isNaN(v.doubleValue())) {
                lag.put(n.tags().get("partition"), v.doubleValue());
            }
        }
        return lag;
    }

    /** The sum of {@link #lagByPartition}: what the consumer still has to read on the topic. */
    public static long totalLag(Supplier<Map<MetricName, ? extends Metric>> metrics, String topic) {
        return Math.round(lagByPartition(metrics, topic).values().stream().mapToDouble(Double::doubleValue).sum());
    }
}
