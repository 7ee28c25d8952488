package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Drops lines whose {@code (sale_id, line_no)} was already seen within the retention, measured in record
 * time, so a sale re-sent an hour later is still caught. Also notes whether the sale id itself is new,
 * which is what "orders" counts. Both memories are window stores, so they expire on their own and are
 * restored from their changelogs after a restart.
 */
final class DedupeProcessor implements ProcessorSupplier<String, Sale, String, DedupeOutcome> {

    static final String LINES_STORE = "dedupe-lines";
    static final String ORDERS_STORE = "dedupe-orders";

    private final Duration retention;

    DedupeProcessor(Duration retention) {
        this.retention = retention;
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(store(LINES_STORE), store(ORDERS_STORE));
    }

    private StoreBuilder<WindowStore<String, Long>> store(String name) {
        return Stores.windowStoreBuilder(
                Stores.persistentWindowStore(name, retention, retention, false), Serdes.String(), Serdes.Long());
    }

    @Override
    public Processor<String, Sale, String, DedupeOutcome> get() {
        return new Processor<>() {
            private ProcessorContext<String, DedupeOutcome> context;
            private WindowStore<String, Long> seenLines;
            private WindowStore<String, Long> seenOrders;

            @Override
            public void init(ProcessorContext<String, DedupeOutcome> context) {
                this.context = context;
                this.seenLines = context.getStateStore(LINES_STORE);
                this.seenOrders = context.getStateStore(ORDERS_STORE);
            }

            @Override
            public void process(Record<String, Sale> record) {
                Sale sale = record.value();
                long ts = record.timestamp();
                List<SaleLine> fresh = new ArrayList<>();
                for (SaleLine line : sale.lines()) {
                    String key = sale.saleId() + "#" + line.lineNo();
                    if (!seen(seenLines, key, ts)) {
                        seenLines.put(key, ts, ts);
                        fresh.add(line);
                    }
                }
                boolean newOrder = false;
                if (!fresh.isEmpty() && !seen(seenOrders, sale.saleId(), ts)) {
                    seenOrders.put(sale.saleId(), ts, ts);
                    newOrder = true;
                }
                Sale kept = fresh.isEmpty() ? null : sale.withLines(fresh);
                context.forward(record.withValue(new DedupeOutcome(sale.source(), kept,
                        sale.lines().size() - fresh.size(), newOrder)));
            }

            private boolean seen(WindowStore<String, Long> store, String key, long ts) {
                try (WindowStoreIterator<Long> it = store.fetch(key, ts - retention.toMillis(), ts + retention.toMillis())) {
                    return it.hasNext();
                }
            }
        };
    }
}
