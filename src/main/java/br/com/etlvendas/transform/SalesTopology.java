package br.com.etlvendas.transform;

import br.com.etlvendas.config.EnrichmentConfig;
import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.sale.CatalogEntry;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.KpiLateEvents;
import br.com.etlvendas.sale.KpiWindow;
import br.com.etlvendas.sale.KpiWindowProduct;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topic;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.transform.step.TransformationChain;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The one place the stream processing is wired:
 * <pre>
 * sales.raw ─► read ─► validate ─┬─► normalise ─► [transformation steps] ─┬─► [enrich] ─► dedupe (new / updated / duplicate / stale) ─► sales.clean
 *                                │                                        ├─► (filtered lines: counted)
 *                                └─► sales.dlq ◄──────────────────────────┘ (a step threw)
 *                                    (original bytes + reasons + origin)
 *           every step's counts (and replays read) ─► KPI totals ─► sales.kpi.totals
 *           every change (dedupe) ─► sale's old contribution out, new in ─► KPI windows ─► sales.kpi.windows, …
 * </pre>
 * With no transformation step configured the chain is left out of the topology altogether, so it costs nothing;
 * so is enrichment (catalogue topics read into global stores) when no catalogue is configured.
 * A validator or step that throws rejects that record (DLQ, counted as rejected) instead of failing the thread.
 * The KPI-window branch exists only when window sizes are configured.
 * Builds the topology only; it does no I/O, so tests run it in a {@code TopologyTestDriver}.
 */
public final class SalesTopology {

    static final String STAGE_VALIDATE = "validate";
    private static final Logger log = LoggerFactory.getLogger(SalesTopology.class);

    private SalesTopology() {
    }

    /** The topology with no transformation step. */
    public static Topology build(Topics topics, PipelineConfig config, Clock clock) {
        return build(topics, config, TransformationChain.none(), new PoisonRecords(clock), KpiWindowsConfig.DISABLED, clock);
    }

    /** The topology with the given transformation steps and no windowed KPIs. */
    public static Topology build(Topics topics, PipelineConfig config, TransformationChain chain, PoisonRecords poison,
                                 Clock clock) {
        return build(topics, config, chain, poison, KpiWindowsConfig.DISABLED, clock);
    }

    public static Topology build(Topics topics, PipelineConfig config, TransformationChain chain, PoisonRecords poison,
                                 KpiWindowsConfig windows, Clock clock) {
        return build(topics, config, chain, poison, windows, EnrichmentConfig.NONE, clock);
    }

    public static Topology build(Topics topics, PipelineConfig config, TransformationChain chain, PoisonRecords poison,
                                 KpiWindowsConfig windows, EnrichmentConfig enrichment, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        SaleValidator validator = new SaleValidator(clock);
        SaleNormalizer normalizer = new SaleNormalizer();

        KStream<String, Received> received = builder
                .stream(topics.raw().name(), Consumed.with(topics.raw().keySerde(), Serdes.ByteArray()).withName("read-raw"))
                .processValues(() -> new ParseRawProcessor(topics.raw()), Named.as("parse"));

        Map<String, KStream<String, Checked>> branches = received
                .mapValues(r -> new Checked(r.payload(), r.raw(), validate(validator, r.raw(), poison)), Named.as("validate"))
                .split(Named.as("validated-"))
                .branch((k, c) -> c.rejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));

        KStream<String, Checked> rejected = branches.get("validated-rejected");
        rejected.process(() -> new DlqRecordProcessor(STAGE_VALIDATE, clock), Named.as("to-dlq-form"))
                .to(topics.dlq().name(), Produced.with(topics.dlq().keySerde(), topics.dlq().valueSerde()).withName("write-dlq"));
        KStream<String, KpiDelta> deltas = rejected.mapValues(r -> KpiDelta.rejected(r.invalid().raw().source(),
                r.invalid().raw().lineCount()), Named.as("count-rejected"));

        KStream<String, Sale> toDedupe;
        if (chain.isEmpty()) {
            toDedupe = branches.get("validated-valid")
                    .mapValues(c -> normalizer.normalize(((Validation.Valid) c.validation()).sale()), Named.as("normalise"));
        } else {
            Map<String, KStream<String, Transformed>> transformed = branches.get("validated-valid")
                    .processValues(() -> new TransformProcessor(normalizer, chain, poison), Named.as("transform"))
                    .split(Named.as("transformed-"))
                    .branch((k, t) -> t.failed(), Branched.as("failed"))
                    .defaultBranch(Branched.as("passed"));
            KStream<String, Transformed> failed = transformed.get("transformed-failed");
            failed.mapValues(t -> new Checked(t.checked().payload(), t.checked().raw(),
                            new Validation.Invalid(t.checked().raw(), t.failure())), Named.as("transform-failed"))
                    .process(() -> new DlqRecordProcessor(DlqHeaders.STAGE_TRANSFORM, clock), Named.as("transform-to-dlq-form"))
                    .to(topics.dlq().name(), Produced.with(topics.dlq().keySerde(), topics.dlq().valueSerde())
                            .withName("write-transform-dlq"));
            KStream<String, Transformed> passed = transformed.get("transformed-passed");
            deltas = deltas
                    .merge(failed.mapValues(t -> KpiDelta.rejected(t.checked().raw().source(), t.checked().raw().lineCount()),
                            Named.as("count-transform-failed")), Named.as("kpi-deltas-failed"))
                    .merge(passed.filter((k, t) -> t.filteredLines() > 0, Named.as("any-filtered"))
                            .mapValues(t -> KpiDelta.filtered(t.checked().raw().source(), t.filteredLines()),
                                    Named.as("count-filtered")), Named.as("kpi-deltas-filtered"));
            toDedupe = passed.filter((k, t) -> t.sale() != null, Named.as("keep-transformed"))
                    .mapValues(Transformed::sale, Named.as("transformed-sale"));
        }

        if (enrichment.enabled()) {
            CatalogueChanges productChanges = enrichment.products().isPresent()
                    ? catalogue(builder, topics.catalogProducts(), EnrichProcessor.PRODUCTS_STORE) : null;
            CatalogueChanges storeChanges = enrichment.stores().isPresent()
                    ? catalogue(builder, topics.catalogStores(), EnrichProcessor.STORES_STORE) : null;
            KStream<String, Enriched> enriched = toDedupe.processValues(() -> new EnrichProcessor(productChanges, storeChanges),
                    Named.as("enrich"));
            deltas = deltas.merge(enriched.filter((k, e) -> e.anyUnknown(), Named.as("any-unknown-to-catalogues"))
                    .mapValues(e -> KpiDelta.unknownToCatalogues(e.sale().source(), e.unknownProductLines(),
                            e.unknownStoreLines()), Named.as("count-unknown-to-catalogues")), Named.as("kpi-deltas-enrichment"));
            toDedupe = enriched.mapValues(Enriched::sale, Named.as("enriched-sale"));
        }

        KStream<String, DedupeOutcome> deduped = toDedupe.process(new DedupeProcessor(config.dedupeRetention()), Named.as("dedupe"));
        deduped.filter((k, o) -> o.toLoad() != null, Named.as("keep-changes"))
                .mapValues(DedupeOutcome::toLoad)
                .to(topics.clean().name(), Produced.with(topics.clean().keySerde(), topics.clean().valueSerde()).withName("write-clean"));

        KStream<String, KpiDelta> replayed = received
                .filter((k, r) -> r.replayed(), Named.as("replays"))
                .mapValues(r -> KpiDelta.replayed(r.raw().source(), r.raw().lineCount()), Named.as("count-replayed"));
        deltas.merge(deduped.mapValues(KpiDelta::loaded, Named.as("count-loaded")), Named.as("kpi-deltas"))
                .merge(replayed, Named.as("kpi-deltas-with-replays"))
                .process(new KpiTotalsProcessor(config.kpiEmitInterval(), clock), Named.as("kpi-totals"))
                .to(topics.kpiTotals().name(), Produced.with(topics.kpiTotals().keySerde(), topics.kpiTotals().valueSerde())
                        .withName("write-kpi-totals"));
        if (windows.enabled()) {
            // every change, corrections and cancellations included: the sale's old contribution out, its new one in
            windowedKpis(deduped
                    .filter((k, o) -> o.toLoad() != null, Named.as("keep-window-changes"))
                    .mapValues(DedupeOutcome::toLoad, Named.as("window-change"))
                    .process(new WindowContributions(config.dedupeRetention()), Named.as("window-contributions")),
                    topics, config, windows, clock);
        }
        return builder.build();
    }

    /**
     * A catalogue topic read in full by every instance into an in-memory store named {@code store} (a global
     * store: no changelog, the compacted topic is its own), a tombstone removing the entry; every change counted in
     * the returned {@link CatalogueChanges}, so that the enrichment processors know to read the store again.
     */
    private static CatalogueChanges catalogue(StreamsBuilder builder, Topic<String, CatalogEntry> topic, String store) {
        CatalogueChanges changes = new CatalogueChanges();
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), topic.keySerde(),
                        topic.valueSerde()).withLoggingDisabled(), topic.name(),
                Consumed.with(topic.keySerde(), topic.valueSerde()).withName("read-" + store),
                () -> new Processor<String, CatalogEntry, Void, Void>() {
                    private KeyValueStore<String, CatalogEntry> entries;

                    @Override
                    public void init(ProcessorContext<Void, Void> context) {
                        entries = context.getStateStore(store);
                    }

                    @Override
                    public void process(Record<String, CatalogEntry> record) {
                        if (record.key() == null) {
                            return;
                        }
                        if (record.value() == null) {
                            entries.delete(record.key());
                        } else {
                            entries.put(record.key(), record.value());
                        }
                        changes.changed();
                    }
                });
        return changes;
    }

    /** Windowed KPIs of the given changes, written to their three topics. */
    static void windowedKpis(KStream<String, SaleDelta> deltas, Topics topics, PipelineConfig config,
                             KpiWindowsConfig windows, Clock clock) {
        Map<String, KStream<String, Object>> out = deltas
                .process(new KpiWindowAggregator(windows, config.kpiEmitInterval(), clock), Named.as("kpi-windows"))
                .split(Named.as("kpi-window-"))
                .branch((k, v) -> v instanceof KpiWindow, Branched.as("totals"))
                .branch((k, v) -> v instanceof KpiWindowProduct, Branched.as("products"))
                .defaultBranch(Branched.as("late"));
        out.get("kpi-window-totals").mapValues(v -> (KpiWindow) v, Named.as("as-kpi-window"))
                .to(topics.kpiWindows().name(), Produced.with(topics.kpiWindows().keySerde(), topics.kpiWindows().valueSerde())
                        .withName("write-kpi-windows"));
        out.get("kpi-window-products").mapValues(v -> (KpiWindowProduct) v, Named.as("as-kpi-window-product"))
                .to(topics.kpiWindowProducts().name(), Produced.with(topics.kpiWindowProducts().keySerde(),
                        topics.kpiWindowProducts().valueSerde()).withName("write-kpi-window-products"));
        out.get("kpi-window-late").mapValues(v -> (KpiLateEvents) v, Named.as("as-kpi-late-events"))
                .to(topics.kpiLateEvents().name(), Produced.with(topics.kpiLateEvents().keySerde(),
                        topics.kpiLateEvents().valueSerde()).withName("write-kpi-late-events"));
    }

    /** The validator's verdict; should it throw (a bug, never a bad record), the record is rejected with the exception. */
    private static Validation validate(SaleValidator validator, RawSale raw, PoisonRecords poison) {
        try {
            return validator.validate(raw);
        } catch (RuntimeException e) {
            log.warn("Validation of a record of source {} threw; the record goes to the DLQ", raw.source(), e);
            poison.record(STAGE_VALIDATE, e);
            return new Validation.Invalid(raw, List.of("validation threw " + e.getClass().getName() + ": " + e.getMessage()));
        }
    }
}
