package br.com.etlvendas.transform;

import br.com.etlvendas.sale.CatalogEntry;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds what the catalogues know to each line of a sale: from the product catalogue (by SKU) the category — the
 * catalogue's wins over the source's —, the brand, and the product name when the source gave none; from the
 * store catalogue (by store id) the store's region. They go in the line's attributes ({@link #BRAND},
 * {@link #STORE_REGION}), which the warehouse stores as columns. A line whose SKU or store the catalogue does
 * not hold is flagged ({@link #ENRICHMENT} = {@code unknown_product}, {@code unknown_store} or both), counted,
 * and passed on: never dropped. A catalogue not configured is not looked at.
 * <p>
 * Cost per line: one lookup in this processor's own copy of each catalogue (a hash map), read again from the
 * in-memory global store only when the store has changed since ({@link CatalogueChanges}).
 */
final class EnrichProcessor implements FixedKeyProcessor<String, Sale, Enriched> {

    static final String PRODUCTS_STORE = "catalog-products";
    static final String STORES_STORE = "catalog-stores";
    public static final String BRAND = "brand";
    public static final String STORE_REGION = "store_region";
    public static final String ENRICHMENT = "enrichment";
    static final String UNKNOWN_PRODUCT = "unknown_product";
    static final String UNKNOWN_STORE = "unknown_store";

    // column positions, as in EnrichmentConfig.PRODUCT_COLUMNS / STORE_COLUMNS
    private static final int PRODUCT_NAME = 1;
    private static final int PRODUCT_CATEGORY = 2;
    private static final int PRODUCT_BRAND = 3;
    private static final int STORE_REGION_COLUMN = 4;

    private final boolean byProduct;
    private final boolean byStore;
    private final Copy products;
    private final Copy stores;
    private FixedKeyProcessorContext<String, Enriched> context;

    /** {@code productChanges} / {@code storeChanges}: null when that catalogue is not configured. */
    EnrichProcessor(CatalogueChanges productChanges, CatalogueChanges storeChanges) {
        this.byProduct = productChanges != null;
        this.byStore = storeChanges != null;
        this.products = byProduct ? new Copy(PRODUCTS_STORE, productChanges) : null;
        this.stores = byStore ? new Copy(STORES_STORE, storeChanges) : null;
    }

    /** This processor's copy of one catalogue's global store, read again when the store has changed. */
    private static final class Copy {
        private final String storeName;
        private final CatalogueChanges changes;
        private final Map<String, CatalogEntry> entries = new HashMap<>();
        private KeyValueStore<String, CatalogEntry> store;
        private long seen = -1;

        Copy(String storeName, CatalogueChanges changes) {
            this.storeName = storeName;
            this.changes = changes;
        }

        void init(FixedKeyProcessorContext<?, ?> context) {
            store = context.getStateStore(storeName);
            seen = -1;
        }

        CatalogEntry get(String key) {
            long now = changes.count();
            if (now != seen) {
                entries.clear();
                try (KeyValueIterator<String, CatalogEntry> all = store.all()) {
                    all.forEachRemaining(kv -> entries.put(kv.key, kv.value));
                }
                seen = now;
            }
            return entries.get(key);
        }
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Enriched> context) {
        this.context = context;
        if (byProduct) {
            products.init(context);
        }
        if (byStore) {
            stores.init(context);
        }
    }

    @Override
    public void process(FixedKeyRecord<String, Sale> record) {
        Sale sale = record.value();
        String region = null;
        boolean unknownStore = false;
        if (byStore) {
            CatalogEntry store = sale.store() == null || sale.store().storeId() == null ? null
                    : stores.get(sale.store().storeId());
            unknownStore = store == null;
            region = store == null ? null : store.field(STORE_REGION_COLUMN);
        }
        List<SaleLine> lines = new ArrayList<>(sale.lines().size());
        int unknownProducts = 0;
        for (SaleLine l : sale.lines()) {
            CatalogEntry product = byProduct && l.sku() != null ? products.get(l.sku()) : null;
            boolean unknownProduct = byProduct && product == null;
            if (unknownProduct) {
                unknownProducts++;
            }
            Map<String, String> attributes = new HashMap<>(l.attributes());
            String category = l.category();
            String name = l.productName();
            if (product != null) {
                category = orElse(product.field(PRODUCT_CATEGORY), category);
                name = orElse(name, product.field(PRODUCT_NAME));
                putIfPresent(attributes, BRAND, product.field(PRODUCT_BRAND));
            }
            putIfPresent(attributes, STORE_REGION, region);
            if (unknownProduct || unknownStore) {
                attributes.put(ENRICHMENT, unknownProduct && unknownStore ? UNKNOWN_PRODUCT + "," + UNKNOWN_STORE
                        : unknownProduct ? UNKNOWN_PRODUCT : UNKNOWN_STORE);
            } else {
                attributes.remove(ENRICHMENT);
            }
            lines.add(new SaleLine(l.lineNo(), l.sku(), name, category, l.quantity(), l.unitPrice(), l.discount(),
                    l.netAmount(), attributes));
        }
        context.forward(record.withValue(new Enriched(sale.withLines(lines), unknownProducts,
                unknownStore ? lines.size() : 0)));
    }

    private static String orElse(String value, String otherwise) {
        return value != null && !value.isBlank() ? value : otherwise;
    }

    private static void putIfPresent(Map<String, String> attributes, String key, String value) {
        if (value != null) {
            attributes.put(key, value);
        }
    }
}
