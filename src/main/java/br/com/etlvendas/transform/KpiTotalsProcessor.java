package br.com.etlvendas.transform;

import br.com.etlvendas.sale.KpiTotals;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps running totals per source for the partition of {@code sales.raw} this task owns, and publishes
 * the changed ones every emit interval. Totals and their publication commit in the same exactly-once
 * transaction as the records that caused them; after a restart every total is published once again.
 */
final class KpiTotalsProcessor implements ProcessorSupplier<String, KpiDelta, String, KpiTotals> {

    static final String STORE = "kpi-totals";

    private final Duration emitInterval;
    private final Clock clock;

    KpiTotalsProcessor(Duration emitInterval, Clock clock) {
        this.emitInterval = emitInterval;
        this.clock = clock;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        // write-behind: a record's change is a map put; the changelog gets each source's totals once per commit
        return Set.of(WriteBehindStore.builder(STORE, Serdes.String(), new KpiTotalsStoreSerde()));
    }

    @Override
    public Processor<String, KpiDelta, String, KpiTotals> get() {
        return new Processor<>() {
            private ProcessorContext<String, KpiTotals> context;
            private KeyValueStore<String, KpiTotals> store;
            private final Set<String> changed = new HashSet<>();
            /** What this processor last put for each key: the store is written by nobody else, so reads need not decode. */
            private final Map<String, KpiTotals> current = new HashMap<>();

            @Override
            public void init(ProcessorContext<String, KpiTotals> context) {
                this.context = context;
                this.store = context.getStateStore(STORE);
                current.clear();
                changed.clear();
                try (KeyValueIterator<String, KpiTotals> all = store.all()) {
                    all.forEachRemaining(kv -> changed.add(kv.key));
                }
                context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emit());
            }

            @Override
            public void process(Record<String, KpiDelta> record) {
                KpiDelta delta = record.value();
                String source = delta.source() == null ? "unknown" : delta.source();
                int partition = context.taskId().partition();
                String key = KpiTotals.key(source, partition);
                KpiTotals before = current.get(key);
                if (before == null) {
                    before = store.get(key);
                }
                KpiTotals after = delta.addTo(before == null ? KpiTotals.empty(source, partition) : before);
                store.put(key, after);
                current.put(key, after);
                changed.add(key);
            }

            private void emit() {
                long now = clock.millis();
                for (String key : changed) {
                    KpiTotals totals = current.containsKey(key) ? current.get(key) : store.get(key);
                    if (totals != null) {
                        KpiTotals stamped = totals.withUpdatedAt(clock.instant());
                        context.forward(new Record<>(key, stamped, now));
                    }
                }
                changed.clear();
            }
        };
    }

}
