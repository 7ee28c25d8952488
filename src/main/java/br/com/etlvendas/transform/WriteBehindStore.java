package br.com.etlvendas.transform;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A persistent key-value store whose writes wait in a plain hash map until Kafka Streams commits: a put costs a
 * map put — no serialisation, no cache bookkeeping — and at commit each key changed since the last one is
 * written once to RocksDB and its changelog, inside the exactly-once transaction that commits the input
 * offsets (Streams flushes stores' caches, {@link #flushCache()}, before it commits). A crash loses exactly
 * what the aborted transaction loses, and the input is processed again. For stores written many times per
 * commit (running totals, window cells); a store whose keys are written once gains nothing.
 * <p>
 * Reads see pending writes. Iterators ({@link #all()}, {@link #range}) first write the pending changes through,
 * so they see everything too. Uses Kafka Streams' internal {@link WrappedStateStore} (the one way to take
 * part in the pre-commit flush); pinned by the Kafka version in the build and covered by restart tests.
 */
final class WriteBehindStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V> implements KeyValueStore<K, V> {

    /** Marks a pending delete (a null value is a delete in the store's contract too). */
    private static final Object DELETED = new Object();

    private final Map<K, Object> pending = new HashMap<>();

    private WriteBehindStore(KeyValueStore<K, V> inner) {
        super(inner);
    }

    /** A persistent store named {@code name}, logged, without Streams' record cache (this store is its cache). */
    static <K, V> StoreBuilder<KeyValueStore<K, V>> builder(String name, Serde<K> keys, Serde<V> values) {
        StoreBuilder<KeyValueStore<K, V>> inner = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withCachingDisabled();
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
                throw new UnsupportedOperationException("a write-behind store is its own cache");
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
                inner.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<K, V> build() {
                return new WriteBehindStore<>(inner.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }

    @Override
    public void put(K key, V value) {
        pending.put(key, value == null ? DELETED : value);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        Object p = pending.get(key);
        if (p == null) {
            return wrapped().get(key);
        }
        return p == DELETED ? null : (V) p;
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V was = get(key);
        if (was == null) {
            put(key, value);
        }
        return was;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> e : entries) {
            put(e.key, e.value);
        }
    }

    @Override
    public V delete(K key) {
        V was = get(key);
        pending.put(key, DELETED);
        return was;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeThrough();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeThrough();
        return wrapped().all();
    }

    @Override
    public long approximateNumEntries() {
        writeThrough();
        return wrapped().approximateNumEntries();
    }

    /** Before Streams commits: every pending change to RocksDB and the changelog, then the layers below flush. */
    @Override
    public void flushCache() {
        writeThrough();
        super.flushCache();
    }

    /** Uncommitted changes are thrown away (a task closed dirty, or revoked under exactly-once). */
    @Override
    public void clearCache() {
        pending.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        pending.clear();
        super.close();
    }

    @SuppressWarnings("unchecked")
    private void writeThrough() {
        if (pending.isEmpty()) {
            return;
        }
        KeyValueStore<K, V> inner = wrapped();
        for (Map.Entry<K, Object> e : pending.entrySet()) {
            if (e.getValue() == DELETED) {
                inner.delete(e.getKey());
            } else {
                inner.put(e.getKey(), (V) e.getValue());
            }
        }
        pending.clear();
    }
}
