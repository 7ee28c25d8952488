package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import org.apache.kafka.common.header.internals.RecordHeaders;
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
 * time, so a sale re-sent an hour later is still caught. Also tells whether the sale id itself is new (no
 * line of it seen within the retention), which is what "orders" counts.
 * <p>
 * The memory is one key-value store: sale id → the lines seen and when ({@link SeenLines}). A record costs
 * one point lookup, which RocksDB's bloom filter answers without reading a block when the sale is new, and
 * at most one write (with its one changelog record) — where a window store per question cost a range scan
 * over every segment, per line, and a changelog record per line and per order. The store is restored from
 * its changelog after a restart; sales whose lines are all older than the retention (against the newest
 * record time this task has seen) are swept out a slice at a time by {@link ExpiredKeySweeper}.
 */
final class DedupeProcessor implements ProcessorSupplier<String, Sale, String, DedupeOutcome> {

    static final String STORE = "dedupe-sales";

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
        // not cached: nearly every key is new, so a record cache would only sort, copy and evict them on the way to RocksDB
        return Set.of(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                new SeenLines.StoreSerde()).withCachingDisabled());
    }

    @Override
    public Processor<String, Sale, String, DedupeOutcome> get() {
        return new Processor<>() {
            private final long retentionMs = retention.toMillis();
            private ProcessorContext<String, DedupeOutcome> context;
            private KeyValueStore<String, SeenLines> seen;
            private long newestSeen = Long.MIN_VALUE;

            @Override
            public void init(ProcessorContext<String, DedupeOutcome> context) {
                this.context = context;
                this.seen = context.getStateStore(STORE);
                this.newestSeen = Long.MIN_VALUE;
                ExpiredKeySweeper<SeenLines> sweeper = new ExpiredKeySweeper<>(seen, SeenLines::newest, sweep.keysPerRound());
                context.schedule(sweep.every(), PunctuationType.WALL_CLOCK_TIME,
                        now -> sweeper.sweepOlderThan(newestSeen == Long.MIN_VALUE ? Long.MIN_VALUE : newestSeen - retentionMs));
            }

            @Override
            public void process(Record<String, Sale> record) {
                Sale sale = record.value();
                long ts = record.timestamp();
                newestSeen = Math.max(newestSeen, ts);
                SeenLines before = seen.get(sale.saleId());
                if (before == null) {
                    before = SeenLines.NONE;
                }
                List<SaleLine> lines = sale.lines();
                List<SaleLine> fresh = new ArrayList<>(lines.size());
                for (SaleLine line : lines) {
                    if (!before.seenWithin(line.lineNo(), ts, retentionMs)) {
                        fresh.add(line);
                    }
                }
                boolean newOrder = false;
                if (!fresh.isEmpty()) {
                    newOrder = !before.anyWithin(ts, retentionMs);
                    seen.put(sale.saleId(), before.with(fresh.stream().mapToInt(SaleLine::lineNo).toArray(), ts, retentionMs));
                }
                Sale out = fresh.isEmpty() ? null : fresh.size() == lines.size() ? sale : sale.withLines(fresh);
                // the source's headers were read at parsing; carried on, they would be copied and measured with every output
                context.forward(record.withValue(new DedupeOutcome(sale.source(), out, lines.size() - fresh.size(), newOrder))
                        .withHeaders(new RecordHeaders()));
            }
        };
    }
}
