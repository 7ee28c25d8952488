package br.com.etlvendas.transform;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

import java.util.Map;

/**
 * Bounds the native memory of every RocksDB store of the pipeline together: one block cache (index and
 * filter blocks included) and one memtable budget charged to it, shared by all stores, instead of
 * RocksDB's defaults per store (a 50 MiB cache and three 16 MiB memtables each, for every store of every
 * task), which grew the process well past its heap with a few million de-duplication keys.
 * <p>
 * Kafka Streams creates config setters by reflection, once per store, so the shared cache and memtable
 * budget can only live in static fields; this is the pattern the Kafka Streams documentation gives for it.
 */
public final class RocksDbMemoryBudget implements RocksDBConfigSetter {

    /** Block cache shared by every store, memtables included. */
    static final long TOTAL_BYTES = 192L * 1024 * 1024;
    /** Of which memtables may take at most this much. */
    static final long MEMTABLE_BYTES = 64L * 1024 * 1024;

    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, 0.1);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(16L * 1024 * 1024);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the memtable budget are shared by every store, and outlive any one of them
    }
}
