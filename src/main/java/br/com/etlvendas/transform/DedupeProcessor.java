package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleRevision;
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

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells, for each line of a sale record, whether it is new, an identical re-send (a duplicate, dropped and
 * counted), a changed version of a line already seen (an update), or part of an older version than one already
 * seen (stale, dropped and counted), within the retention measured in record time; and what the KPIs must move by.
 * <p>
 * Versions. A record <em>replaces</em> its sale — its lines become the sale's lines, any other line seen is
 * removed — when it carries the whole sale ({@link Sale#wholeSale()}: sources that send whole orders) or a newer
 * source-given {@link Sale#version()} than any seen. Otherwise (one record per line, as CSV exports send) a line
 * number not seen is an added line, a seen one with other content a corrected line, and no line is removed. A
 * record whose version is older than one seen is stale. Without versions, arrival order decides: the latest wins.
 * A status change to cancelled or returned is an update like any other: the lines stop counting as revenue, and
 * the sale stops counting as an order once none of its lines does.
 * <p>
 * The memory is one key-value store: sale id → {@link SeenLines}. A record costs one point lookup, which
 * RocksDB's bloom filter answers without reading a block when the sale is new, and at most one write (with its
 * one changelog record). Sales whose lines are all older than the retention (against the newest record time this
 * task has seen) are swept out a slice at a time by {@link ExpiredKeySweeper}; a line seen again after its
 * retention counts as new, as before versions existed.
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
                DedupeOutcome outcome = before == null ? firstSighting(sale, ts) : nextSighting(sale, before, ts);
                // the source's headers were read at parsing; carried on, they would be copied and measured with every output
                context.forward(record.withValue(outcome).withHeaders(new RecordHeaders()));
            }

            /** The common case, kept short: every line is new. */
            private DedupeOutcome firstSighting(Sale sale, long ts) {
                List<SaleLine> lines = sale.lines();
                long saleHash = SaleContentHash.ofSale(sale);
                byte flag = sale.countsAsRevenue() ? SeenLines.COUNTED : 0;
                SeenLines.Builder after = new SeenLines.Builder(lines.size());
                for (SaleLine l : lines) {
                    after.add(l.lineNo(), ts, SaleContentHash.line(saleHash, l), flag, l.netAmount().amount());
                }
                SeenLines state = after.build(sale.version() == null ? SeenLines.NO_VERSION : sale.version());
                seen.put(sale.saleId(), state);
                return new DedupeOutcome(sale.source(), sale.revised(lines, SaleRevision.NEW), state.size(), 0,
                        lines.size() - state.size(), 0, 0, sale.countsAsRevenue() ? 1 : 0, sale.revenue());
            }

            private DedupeOutcome nextSighting(Sale sale, SeenLines before, long ts) {
                List<SaleLine> lines = sale.lines();
                boolean live = before.anyWithin(ts, retentionMs);
                long version = sale.version() == null ? SeenLines.NO_VERSION : sale.version();
                if (live && version != SeenLines.NO_VERSION && before.version() != SeenLines.NO_VERSION
                        && version < before.version()) {
                    return new DedupeOutcome(sale.source(), null, 0, 0, 0, 0, lines.size(), 0, Money.ZERO);
                }
                boolean replaces = sale.wholeSale()
                        || version != SeenLines.NO_VERSION && (!live || before.version() == SeenLines.NO_VERSION
                        || version > before.version());
                long saleHash = SaleContentHash.ofSale(sale);
                byte flag = sale.countsAsRevenue() ? SeenLines.COUNTED : 0;

                SeenLines.Builder after = new SeenLines.Builder(before.size() + lines.size());
                BigDecimal revenueBefore = BigDecimal.ZERO;
                int liveBefore = 0;
                boolean orderBefore = false;
                for (int i = 0; i < before.size(); i++) {
                    if (before.live(i, ts, retentionMs)) {
                        liveBefore++;
                        revenueBefore = revenueBefore.add(before.revenue(i));
                        orderBefore |= before.counted(i);
                        if (!replaces) {
                            after.keep(before, i);
                        }
                    }
                }
                int added = 0;
                int updated = 0;
                int duplicates = 0;
                boolean anyChange = false;
                List<SaleLine> changed = replaces ? null : new ArrayList<>(lines.size());
                for (SaleLine l : lines) {
                    long hash = SaleContentHash.line(saleHash, l);
                    int was = before.indexOf(l.lineNo());
                    boolean wasLive = was >= 0 && before.live(was, ts, retentionMs);
                    if (wasLive && (before.legacy(was) || before.hash(was) == hash)) {
                        duplicates++;
                        if (replaces) {
                            after.keep(before, was);
                        }
                    } else {
                        if (wasLive) {
                            updated++;
                        } else {
                            added++;
                        }
                        anyChange = true;
                        after.add(l.lineNo(), ts, hash, flag, l.netAmount().amount());
                        if (!replaces) {
                            changed.add(l);
                        }
                    }
                }
                int removed = 0;
                if (replaces) {
                    for (int i = 0; i < before.size(); i++) {
                        if (before.live(i, ts, retentionMs) && after.indexOf(before.lineNo(i)) < 0) {
                            removed++;
                        }
                    }
                }
                long newVersion = Math.max(version, live ? before.version() : SeenLines.NO_VERSION);
                if (!anyChange && removed == 0) {
                    if (newVersion != before.version()) {
                        seen.put(sale.saleId(), after.build(newVersion)); // only the version moved
                    }
                    return new DedupeOutcome(sale.source(), null, 0, 0, duplicates, 0, 0, 0, Money.ZERO);
                }
                SeenLines state = after.build(newVersion);
                seen.put(sale.saleId(), state);

                BigDecimal revenueAfter = BigDecimal.ZERO;
                boolean orderAfter = false;
                for (int i = 0; i < state.size(); i++) {
                    revenueAfter = revenueAfter.add(state.revenue(i));
                    orderAfter |= state.counted(i);
                }
                Sale toLoad;
                if (replaces) {
                    toLoad = sale.revised(lines, liveBefore == 0 ? SaleRevision.NEW : SaleRevision.WHOLE);
                } else {
                    toLoad = sale.revised(changed, updated == 0 ? SaleRevision.NEW : SaleRevision.LINES);
                }
                return new DedupeOutcome(sale.source(), toLoad, added, updated, duplicates, removed, 0,
                        (orderAfter ? 1 : 0) - (orderBefore ? 1 : 0), new Money(revenueAfter.subtract(revenueBefore)));
            }

        };
    }
}
