package br.com.etlvendas.transform;

import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

import java.time.Clock;
import java.util.Map;

/**
 * The one place the stream processing is wired:
 * <pre>
 * sales.raw ─► read ─► validate ─┬─► normalise ─► dedupe ─► sales.clean
 *                                └─► sales.dlq (original bytes + reasons + origin)
 *           every step's counts (and replays read) ─► KPI totals ─► sales.kpi.totals
 * </pre>
 * Builds the topology only; it does no I/O, so tests run it in a {@code TopologyTestDriver}.
 */
public final class SalesTopology {

    static final String STAGE_VALIDATE = "validate";

    private SalesTopology() {
    }

    public static Topology build(Topics topics, PipelineConfig config, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        SaleValidator validator = new SaleValidator(clock);
        SaleNormalizer normalizer = new SaleNormalizer();

        KStream<String, Received> received = builder
                .stream(topics.raw().name(), Consumed.with(topics.raw().keySerde(), Serdes.ByteArray()).withName("read-raw"))
                .processValues(() -> new ParseRawProcessor(topics.raw()), Named.as("parse"));

        Map<String, KStream<String, Checked>> branches = received
                .mapValues(r -> new Checked(r.payload(), validator.validate(r.raw())), Named.as("validate"))
                .split(Named.as("validated-"))
                .branch((k, c) -> c.rejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("valid"));

        KStream<String, Checked> rejected = branches.get("validated-rejected");
        rejected.process(() -> new DlqRecordProcessor(STAGE_VALIDATE, clock), Named.as("to-dlq-form"))
                .to(topics.dlq().name(), Produced.with(topics.dlq().keySerde(), topics.dlq().valueSerde()).withName("write-dlq"));

        KStream<String, DedupeOutcome> deduped = branches.get("validated-valid")
                .mapValues(c -> normalizer.normalize(((Validation.Valid) c.validation()).sale()), Named.as("normalise"))
                .process(new DedupeProcessor(config.dedupeRetention()), Named.as("dedupe"));
        deduped.filter((k, o) -> o.newLines() != null, Named.as("keep-new-lines"))
                .mapValues(DedupeOutcome::newLines)
                .to(topics.clean().name(), Produced.with(topics.clean().keySerde(), topics.clean().valueSerde()).withName("write-clean"));

        KStream<String, KpiDelta> replayed = received
                .filter((k, r) -> r.replayed(), Named.as("replays"))
                .mapValues(r -> KpiDelta.replayed(r.raw().source(), r.raw().lineCount()), Named.as("count-replayed"));
        rejected.mapValues(r -> KpiDelta.rejected(r.invalid().raw().source(), r.invalid().raw().lineCount()), Named.as("count-rejected"))
                .merge(deduped.mapValues(KpiDelta::loaded, Named.as("count-loaded")), Named.as("kpi-deltas"))
                .merge(replayed, Named.as("kpi-deltas-with-replays"))
                .process(new KpiTotalsProcessor(config.kpiEmitInterval(), clock), Named.as("kpi-totals"))
                .to(topics.kpiTotals().name(), Produced.with(topics.kpiTotals().keySerde(), topics.kpiTotals().valueSerde())
                        .withName("write-kpi-totals"));
        return builder.build();
    }
}
