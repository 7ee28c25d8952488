package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Drops lines whose {@code (sale_id, line_no)} was already seen within the retention, measured in record
 * time, so a sale re-sent an hour later is still caught. Also notes whether the sale id itself is new,
 * which is what "orders" counts.
 * <p>
 * Both memories are key-value stores (key → record time first seen), so a check is one point lookup that
 * RocksDB's bloom filters answer without reading a block when the key is new — a window store answered the
 * same question with a range scan over every segment, per line. They are restored
 * from their changelogs after a restart. Entries older than the
 * retention (against the newest record time this task has seen) are swept out a slice at a time by
 * {@link ExpiredKeySweeper}.
 */
final class DedupeProcessor implements ProcessorSupplier<String, Sale, String, DedupeOutcome> {

    static final String LINES_STORE = "dedupe-line-keys";
    static final String ORDERS_STORE = "dedupe-order-keys";

    private final Duration retention;
    private final ExpiredKeySweeper.Pace sweep;

    DedupeProcessor(Duration retention) {
        this(retention, ExpiredKeySweeper.Pace.DEFAULT);
    }

    DedupeProcessor(Duration retention, ExpiredKeySweeper.Pace sweep) {
        this.retention = retention;
        this.sweep = sweep;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(store(LINES_STORE), store(ORDERS_STORE));
    }

    private static StoreBuilder<KeyValueStore<String, Long>> store(String name) {
        // not cached: nearly every key is new, so a record cache would only sort, copy and evict them on the way to RocksDB
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withCachingDisabled();
    }

    @Override
    public Processor<String, Sale, String, DedupeOutcome> get() {
        return new Processor<>() {
            private final long retentionMs = retention.toMillis();
            private ProcessorContext<String, DedupeOutcome> context;
            private KeyValueStore<String, Long> seenLines;
            private KeyValueStore<String, Long> seenOrders;
            private long newestSeen = Long.MIN_VALUE;

            @Override
            public void init(ProcessorContext<String, DedupeOutcome> context) {
                this.context = context;
                this.seenLines = context.getStateStore(LINES_STORE);
                this.seenOrders = context.getStateStore(ORDERS_STORE);
                this.newestSeen = Long.MIN_VALUE;
                ExpiredKeySweeper sweeper = new ExpiredKeySweeper(List.of(seenLines, seenOrders), sweep.keysPerRound());
                context.schedule(sweep.every(), PunctuationType.WALL_CLOCK_TIME,
                        now -> sweeper.sweepOlderThan(newestSeen == Long.MIN_VALUE ? Long.MIN_VALUE : newestSeen - retentionMs));
            }

            @Override
            public void process(Record<String, Sale> record) {
                Sale sale = record.value();
                long ts = record.timestamp();
                newestSeen = Math.max(newestSeen, ts);
                List<SaleLine> fresh = new ArrayList<>(sale.lines().size());
                for (SaleLine line : sale.lines()) {
                    String key = sale.saleId() + "#" + line.lineNo();
                    if (!seen(seenLines, key, ts)) {
                        seenLines.put(key, ts);
                        fresh.add(line);
                    }
                }
                boolean newOrder = false;
                if (!fresh.isEmpty() && !seen(seenOrders, sale.saleId(), ts)) {
                    seenOrders.put(sale.saleId(), ts);
                    newOrder = true;
                }
                Sale kept = fresh.isEmpty() ? null : fresh.size() == sale.lines().size() ? sale : sale.withLines(fresh);
                context.forward(record.withValue(new DedupeOutcome(sale.source(), kept,
                        sale.lines().size() - fresh.size(), newOrder)));
            }

            /** Seen within the retention of this record's time, before or after it. */
            private boolean seen(KeyValueStore<String, Long> store, String key, long ts) {
                Long at = store.get(key);
                return at != null && Math.abs(ts - at) <= retentionMs;
            }
        };
    }
}
