package br.com.etlvendas.transform;

import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.KpiWindowsConfig.Dimension;
import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.sale.KpiLateEvents;
import br.com.etlvendas.sale.KpiWindow;
import br.com.etlvendas.sale.KpiWindowProduct;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tumbling-window KPIs by sale time ({@code sold_at}): for each configured window size, dimension value and
 * currency, revenue, distinct orders, lines and units; per product and window, revenue, lines and units; and
 * per size the records that came later than the grace period. Reads {@link SaleDelta}s, so corrections and
 * cancellations (negative deltas) count like any other change. Writes {@link KpiWindow}s,
 * {@link KpiWindowProduct}s and {@link KpiLateEvents} for the partition this task owns.
 * <p>
 * Cost: one record folds its lines into one change per window cell it touches, written to a
 * {@link WriteBehindStore} (a map put; each changed cell is encoded and logged once per commit) and mirrored in
 * memory, so nothing is decoded or encoded per record; changed cells are published every emit interval, not per record, and in the same exactly-once
 * transaction as the records that changed them. A window is closed once the newest {@code sold_at} this
 * task has seen passes its end plus the grace: a record for a closed window is counted as late and left out
 * of that size, and closed windows are published a last time and dropped from the store.
 * <p>
 * Orders: an order counts once in each window and sale-level dimension value (the delta's {@code orders},
 * from de-duplication's "new sale id"); in a category, once per category it has lines in, which
 * {@link OrderCategories} remembers per sale id for as long as the widest window stays open.
 */
final class KpiWindowAggregator implements ProcessorSupplier<String, SaleDelta, String, Object> {

    static final String STORE = "kpi-windows";
    static final String ORDERS_STORE = "kpi-window-order-categories";
    private static final String UNKNOWN = "unknown";
    /** The dimensions whose value is the sale's own, in the order cells are written. */
    private static final List<Dimension> SALE_DIMENSIONS = List.of(Dimension.ALL, Dimension.STORE, Dimension.STATE,
            Dimension.CHANNEL, Dimension.PAYMENT);

    private final KpiWindowsConfig config;
    private final Duration emitInterval;
    private final Clock clock;
    private final ExpiredKeySweeper.Pace sweep;

    KpiWindowAggregator(KpiWindowsConfig config, Duration emitInterval, Clock clock) {
        this(config, emitInterval, clock, ExpiredKeySweeper.Pace.DEFAULT);
    }

    KpiWindowAggregator(KpiWindowsConfig config, Duration emitInterval, Clock clock, ExpiredKeySweeper.Pace sweep) {
        this.config = config;
        this.emitInterval = emitInterval;
        this.clock = clock;
        this.sweep = sweep;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        Set<StoreBuilder<?>> stores = new HashSet<>();
        // write-behind: a window cell changes with every record of its window, and the changelog needs it once per commit
        stores.add(WriteBehindStore.builder(STORE, Serdes.String(), new WindowTotals.StoreSerde()));
        if (config.dimensions().contains(Dimension.CATEGORY)) {
            // write-behind: the lines of one order mostly arrive together (one CSV row each), so their writes fold
            stores.add(WriteBehindStore.builder(ORDERS_STORE, Serdes.String(), new OrderCategories.StoreSerde()));
        }
        return stores;
    }

    @Override
    public Processor<String, SaleDelta, String, Object> get() {
        return new WindowProcessor();
    }

    /** One cell of the store: what its key says, parsed once, and its current totals. */
    private static final class Cell {
        final char kind;
        final WindowSize size;
        final long start;
        final long end;
        final String dimension;
        final String currency;
        final String value;
        WindowTotals totals = WindowTotals.ZERO;

        Cell(char kind, WindowSize size, long start, long end, String dimension, String currency, String value) {
            this.kind = kind;
            this.size = size;
            this.start = start;
            this.end = end;
            this.dimension = dimension;
            this.currency = currency;
            this.value = value;
        }
    }

    /** A record's lines folded by category or product before they touch the store. */
    private static final class Fold {
        BigDecimal revenue = BigDecimal.ZERO;
        BigDecimal units = BigDecimal.ZERO;
        long lines;
        long orders;
        String name;

        void add(SaleDelta.LineDelta l) {
            revenue = revenue.add(l.revenue());
            units = units.add(l.units());
            lines += l.lines();
            name = l.productName();
        }
    }

    private final class WindowProcessor implements Processor<String, SaleDelta, String, Object> {
        private final List<WindowSize> sizes = config.orderedSizes();
        private final Set<Dimension> dimensions = config.dimensions();
        private final boolean byCategory = dimensions.contains(Dimension.CATEGORY);
        private final long graceMs = config.grace().toMillis();
        private final WindowBounds bounds = new WindowBounds(config.zone());
        private final Map<String, Cell> cells = new HashMap<>();
        private final Set<String> changed = new HashSet<>();
        private ProcessorContext<String, Object> context;
        private KeyValueStore<String, WindowTotals> store;
        private KeyValueStore<String, OrderCategories> orders;
        private long streamTime = Long.MIN_VALUE;

        @Override
        public void init(ProcessorContext<String, Object> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
            cells.clear();
            changed.clear();
            streamTime = Long.MIN_VALUE;
            try (KeyValueIterator<String, WindowTotals> all = store.all()) {
                all.forEachRemaining(kv -> {
                    Cell cell = parse(kv.key);
                    if (cell != null) {
                        cell.totals = kv.value;
                        cells.put(kv.key, cell);
                        changed.add(kv.key);
                        if (cell.kind == 'W' || cell.kind == 'P') {
                            // the newest window start restored is a lower bound of the stream time before the restart
                            streamTime = Math.max(streamTime, cell.start);
                        }
                    }
                });
            }
            if (byCategory) {
                this.orders = context.getStateStore(ORDERS_STORE);
                long widest = sizes.isEmpty() ? 0 : sizes.get(sizes.size() - 1).nominal().toMillis() + 3_600_000L;
                ExpiredKeySweeper<OrderCategories> sweeper = new ExpiredKeySweeper<>(orders, OrderCategories::soldAtMillis,
                        sweep.keysPerRound());
                context.schedule(sweep.every(), PunctuationType.WALL_CLOCK_TIME, now -> {
                    if (streamTime != Long.MIN_VALUE) {
                        sweeper.sweepOlderThan(streamTime - graceMs - widest);
                    }
                });
            }
            context.schedule(emitInterval, PunctuationType.WALL_CLOCK_TIME, now -> emit());
        }

        @Override
        public void process(Record<String, SaleDelta> record) {
            SaleDelta d = record.value();
            if (d == null || (d.lines().isEmpty() && d.orders() == 0)) {
                return;
            }
            streamTime = Math.max(streamTime, d.soldAtMillis());
            String currency = orUnknown(d.currency());
            BigDecimal revenue = BigDecimal.ZERO;
            BigDecimal units = BigDecimal.ZERO;
            long lines = 0;
            Map<String, Fold> byProduct = new LinkedHashMap<>(4);
            for (SaleDelta.LineDelta l : d.lines()) {
                revenue = revenue.add(l.revenue());
                units = units.add(l.units());
                lines += l.lines();
                byProduct.computeIfAbsent(orUnknown(l.sku()), k -> new Fold()).add(l);
            }
            Map<String, Fold> categories = byCategory ? foldCategories(d) : Map.of();
            for (WindowSize size : sizes) {
                long start = bounds.start(size, d.soldAtMillis());
                long end = bounds.end(size, start);
                if (end + graceMs <= streamTime) {
                    add(lateKey(size), 'L', size, 0, 0, null, null, null, BigDecimal.ZERO, 1, lines, BigDecimal.ZERO, null);
                    continue;
                }
                for (Dimension dim : SALE_DIMENSIONS) {
                    if (dimensions.contains(dim)) {
                        String value = saleValue(dim, d);
                        add(windowKey(size, start, dim.label(), currency, value), 'W', size, start, end, dim.label(), currency,
                                value, revenue, d.orders(), lines, units, null);
                    }
                }
                for (Map.Entry<String, Fold> c : categories.entrySet()) {
                    Fold f = c.getValue();
                    add(windowKey(size, start, Dimension.CATEGORY.label(), currency, c.getKey()), 'W', size, start, end,
                            Dimension.CATEGORY.label(), currency, c.getKey(), f.revenue, f.orders, f.lines, f.units, null);
                }
                for (Map.Entry<String, Fold> p : byProduct.entrySet()) {
                    Fold f = p.getValue();
                    add(productKey(size, start, currency, p.getKey()), 'P', size, start, end, null, currency, p.getKey(),
                            f.revenue, 0, f.lines, f.units, f.name);
                }
            }
        }

        /** The record's lines by category, each with +1/-1 order when it is the order's first/last line there. */
        private Map<String, Fold> foldCategories(SaleDelta d) {
            Map<String, Fold> folded = new LinkedHashMap<>(4);
            Map<String, Integer> lineChange = new LinkedHashMap<>(4);
            for (SaleDelta.LineDelta l : d.lines()) {
                String category = orUnknown(l.category());
                folded.computeIfAbsent(category, k -> new Fold()).add(l);
                lineChange.merge(category, l.lines(), Integer::sum);
            }
            // a sale whose id de-duplication has just met for the first time has no lines counted yet: no read
            OrderCategories before = d.orders() > 0 ? null : orders.get(d.saleId());
            if (before == null) {
                before = OrderCategories.none(d.soldAtMillis());
            }
            OrderCategories after = before;
            for (Map.Entry<String, Integer> e : lineChange.entrySet()) {
                int was = before.count(e.getKey());
                int now = Math.max(0, was + e.getValue());
                folded.get(e.getKey()).orders = (was == 0 && now > 0) ? 1 : (was > 0 && now == 0) ? -1 : 0;
                after = after.plus(e.getKey(), now - was, d.soldAtMillis());
            }
            if (after.isEmpty()) {
                if (!before.isEmpty()) {
                    orders.delete(d.saleId());
                }
            } else {
                orders.put(d.saleId(), after);
            }
            return folded;
        }

        private void add(String key, char kind, WindowSize size, long start, long end, String dimension, String currency,
                         String value, BigDecimal revenue, long orderCount, long lineCount, BigDecimal units, String name) {
            Cell cell = cells.get(key);
            if (cell == null) {
                cell = new Cell(kind, size, start, end, dimension, currency, value);
                cells.put(key, cell);
            }
            cell.totals = cell.totals.plus(revenue, orderCount, lineCount, units, name);
            store.put(key, cell.totals);
            changed.add(key);
        }

        private void emit() {
            long now = clock.millis();
            Instant at = Instant.ofEpochMilli(now);
            int partition = context.taskId().partition();
            for (String key : changed) {
                Cell cell = cells.get(key);
                if (cell != null) {
                    context.forward(new Record<>(outputKey(cell, partition), output(cell, partition, at), now));
                }
            }
            changed.clear();
            // windows closed for good: published for the last time above or earlier, no longer needed in the store
            for (Iterator<Map.Entry<String, Cell>> it = cells.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Cell> e = it.next();
                Cell cell = e.getValue();
                if (cell.kind != 'L' && streamTime != Long.MIN_VALUE && cell.end + graceMs <= streamTime) {
                    store.delete(e.getKey());
                    it.remove();
                }
            }
        }

        private Object output(Cell cell, int partition, Instant at) {
            WindowTotals t = cell.totals;
            return switch (cell.kind) {
                case 'W' -> new KpiWindow(cell.size.label(), Instant.ofEpochMilli(cell.start), Instant.ofEpochMilli(cell.end),
                        cell.dimension, cell.value, cell.currency, partition, t.revenue(), t.orders(), t.lines(), t.units(), at);
                case 'P' -> new KpiWindowProduct(cell.size.label(), Instant.ofEpochMilli(cell.start),
                        Instant.ofEpochMilli(cell.end), cell.currency, cell.value, t.name(), partition, t.revenue(), t.lines(),
                        t.units(), at);
                default -> new KpiLateEvents(cell.size.label(), partition, t.orders(), t.lines(), at);
            };
        }

        private String outputKey(Cell cell, int partition) {
            return switch (cell.kind) {
                case 'W' -> KpiWindow.key(cell.size.label(), Instant.ofEpochMilli(cell.start), cell.dimension, cell.value,
                        cell.currency, partition);
                case 'P' -> cell.size.label() + "|" + cell.start + "|" + cell.currency + "|" + cell.value + "|" + partition;
                default -> cell.size.label() + "|" + partition;
            };
        }

        /** The cell a store key names, or null for a key of another layout (skipped, never guessed at). */
        private Cell parse(String key) {
            String[] p = key.split("\\|", key.startsWith("W|") ? 6 : key.startsWith("P|") ? 5 : 2);
            try {
                WindowSize size = WindowSize.parse(p[1]).orElseThrow();
                return switch (p[0]) {
                    case "W" -> {
                        long start = Long.parseLong(p[2]);
                        yield new Cell('W', size, start, bounds.end(size, start), p[3], p[4], p[5]);
                    }
                    case "P" -> {
                        long start = Long.parseLong(p[2]);
                        yield new Cell('P', size, start, bounds.end(size, start), null, p[3], p[4]);
                    }
                    case "L" -> new Cell('L', size, 0, 0, null, null, null);
                    default -> null;
                };
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private static String windowKey(WindowSize size, long start, String dimension, String currency, String value) {
        return "W|" + size.label() + "|" + start + "|" + dimension + "|" + currency + "|" + value;
    }

    private static String productKey(WindowSize size, long start, String currency, String sku) {
        return "P|" + size.label() + "|" + start + "|" + currency + "|" + sku;
    }

    private static String lateKey(WindowSize size) {
        return "L|" + size.label();
    }

    private static String saleValue(Dimension dim, SaleDelta d) {
        return switch (dim) {
            case ALL -> "all";
            case STORE -> orUnknown(d.store());
            case STATE -> orUnknown(d.state());
            case CHANNEL -> orUnknown(d.channel());
            case PAYMENT -> orUnknown(d.payment());
            case CATEGORY -> throw new IllegalArgumentException("a category is a line's, not a sale's");
        };
    }

    private static String orUnknown(String value) {
        return value == null || value.isEmpty() ? UNKNOWN : value;
    }
}
