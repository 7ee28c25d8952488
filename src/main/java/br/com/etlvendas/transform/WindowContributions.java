package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleRevision;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Set;

/**
 * Turns what de-duplication passes on (a sale's new lines, changed lines or whole new version) into the
 * change it makes to the windowed KPIs: the sale's previous contribution taken away and its new one added.
 * A correction that changes a price, a line removed by a new version, a cancellation, a sale moved to another
 * day or store: each moves the windows by exactly what it moves the warehouse. A sale met for the first time
 * costs one point lookup (answered by RocksDB's bloom filter) and one write; the contributions expire with
 * de-duplication's retention, swept out a slice at a time like its memory.
 * <p>
 * Exists only when windowed KPIs are configured. Runs before {@link KpiWindowAggregator}, which a negative
 * change (lines −1, orders −1) folds like any other.
 */
final class WindowContributions implements ProcessorSupplier<String, Sale, String, SaleDelta> {

    static final String STORE = "kpi-window-contributions";

    private final Duration retention;
    private final ExpiredKeySweeper.Pace sweep;

    WindowContributions(Duration retention) {
        this(retention, ExpiredKeySweeper.Pace.DEFAULT);
    }

    WindowContributions(Duration retention, ExpiredKeySweeper.Pace sweep) {
        this.retention = retention;
        this.sweep = sweep;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        // not cached, as de-duplication's: nearly every sale is met once
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                new WindowContribution.StoreSerde()).withCachingDisabled());
    }

    @Override
    public Processor<String, Sale, String, SaleDelta> get() {
        return new Processor<>() {
            private final long retentionMs = retention.toMillis();
            private ProcessorContext<String, SaleDelta> context;
            private KeyValueStore<String, WindowContribution> store;
            private long newestSeen = Long.MIN_VALUE;

            @Override
            public void init(ProcessorContext<String, SaleDelta> context) {
                this.context = context;
                this.store = context.getStateStore(STORE);
                this.newestSeen = Long.MIN_VALUE;
                ExpiredKeySweeper<WindowContribution> sweeper = new ExpiredKeySweeper<>(store, WindowContribution::changedAt,
                        sweep.keysPerRound());
                context.schedule(sweep.every(), PunctuationType.WALL_CLOCK_TIME,
                        now -> sweeper.sweepOlderThan(newestSeen == Long.MIN_VALUE ? Long.MIN_VALUE : newestSeen - retentionMs));
            }

            @Override
            public void process(Record<String, Sale> record) {
                Sale change = record.value();
                long ts = record.timestamp();
                newestSeen = Math.max(newestSeen, ts);
                WindowContribution before = store.get(change.saleId());
                if (before != null && before.changedAt() < ts - retentionMs) {
                    before = null; // expired, as de-duplication sees it: the sale starts over
                }
                WindowContribution after = (before == null ? WindowContribution.NONE : before).after(change, ts);
                if (after.isEmpty()) {
                    if (before != null) {
                        store.delete(change.saleId());
                    }
                } else {
                    store.put(change.saleId(), after);
                }
                if (before != null && !before.isEmpty() && change.revisionOrNew() == SaleRevision.NEW
                        && before.sameSaleAs(after)) {
                    // lines added to a sale already counted (one record per line, as CSV exports send them): only
                    // the new lines move the windows, and the order is already in them
                    SaleDelta added = after.addedSince(before, change.saleId());
                    if (!added.lines().isEmpty()) {
                        context.forward(record.withValue(added));
                    }
                    return;
                }
                if (before != null && !before.isEmpty()) {
                    context.forward(record.withValue(before.added(change.saleId()).negated()));
                }
                if (!after.isEmpty()) {
                    context.forward(record.withValue(after.added(change.saleId())));
                }
            }
        };
    }
}
