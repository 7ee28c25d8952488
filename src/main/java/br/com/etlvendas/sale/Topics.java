package br.com.etlvendas.sale;

import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicsConfig;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The catalogue of every topic the pipeline reads or writes, with names from {@code config/topics.yml}.
 * <ul>
 *   <li>{@code raw}: sales as sources published them, keyed by sale id;</li>
 *   <li>{@code clean}: validated, normalised, de-duplicated sales, keyed by sale id;</li>
 *   <li>{@code dlq}: rejected records, original key and payload, reasons in {@link DlqHeaders};</li>
 *   <li>{@code kpiTotals}: running totals per source and partition (compacted);</li>
 *   <li>{@code kpiWindows}, {@code kpiWindowProducts}, {@code kpiLateEvents}: windowed KPIs per partition
 *   (compacted; see {@link KpiWindow});</li>
 *   <li>{@code files}: the life of each source file, keyed by file id (compacted);</li>
 *   <li>{@code sourceState}: where each incremental source stands, keyed by source name (compacted);</li>
 *   <li>{@code catalogProducts}, {@code catalogStores}: catalogues for enrichment, keyed by SKU and store id
 *   (compacted; see {@link CatalogEntry}).</li>
 * </ul>
 */
public record Topics(Topic<String, RawSale> raw, Topic<String, Sale> clean, Topic<String, byte[]> dlq,
                     Topic<String, KpiTotals> kpiTotals, Topic<String, FileEvent> files,
                     Topic<String, SourceState> sourceState, Topic<String, KpiWindow> kpiWindows,
                     Topic<String, KpiWindowProduct> kpiWindowProducts, Topic<String, KpiLateEvents> kpiLateEvents,
                     Topic<String, CatalogEntry> catalogProducts, Topic<String, CatalogEntry> catalogStores,
                     TopicsConfig config) {

    public static Topics from(TopicsConfig config) {
        return new Topics(
                new Topic<>(config.get(TopicId.RAW).name(), Serdes.String(), new RawSaleSerde()),
                new Topic<>(config.get(TopicId.CLEAN).name(), Serdes.String(), new SaleSerde()),
                new Topic<>(config.get(TopicId.DLQ).name(), Serdes.String(), Serdes.ByteArray()),
                new Topic<>(config.get(TopicId.KPI_TOTALS).name(), Serdes.String(), new JsonSerde<>(KpiTotals.class)),
                new Topic<>(config.get(TopicId.FILES).name(), Serdes.String(), new JsonSerde<>(FileEvent.class)),
                new Topic<>(config.get(TopicId.SOURCE_STATE).name(), Serdes.String(), new JsonSerde<>(SourceState.class)),
                new Topic<>(config.get(TopicId.KPI_WINDOWS).name(), Serdes.String(), new JsonSerde<>(KpiWindow.class)),
                new Topic<>(config.get(TopicId.KPI_WINDOW_PRODUCTS).name(), Serdes.String(), new JsonSerde<>(KpiWindowProduct.class)),
                new Topic<>(config.get(TopicId.KPI_LATE_EVENTS).name(), Serdes.String(), new JsonSerde<>(KpiLateEvents.class)),
                new Topic<>(config.get(TopicId.CATALOG_PRODUCTS).name(), Serdes.String(), new CatalogEntry.TopicSerde()),
                new Topic<>(config.get(TopicId.CATALOG_STORES).name(), Serdes.String(), new CatalogEntry.TopicSerde()),
                config);
    }
}
