package br.com.etlvendas.transform;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Removes entries older than a cut-off from a key-value store whose values carry record times, a bounded
 * slice of keys per round, resuming after the last key it looked at and starting over at the end. A full
 * pass over {@code n} keys therefore takes {@code n / keysPerRound} rounds: an entry outlives its retention
 * by at most that long, and no round stalls the stream thread however large the store has grown.
 * Deletions go through the store, so they reach its changelog like any other write.
 */
final class ExpiredKeySweeper<V> {

    /** How often a round runs and how many keys it looks at. */
    record Pace(Duration every, int keysPerRound) {
        /** 20,000 keys every 10 s: well under 1 % of a core, a pass over 10 M keys in ~1.4 h. */
        static final Pace DEFAULT = new Pace(Duration.ofSeconds(10), 20_000);
    }

    private final KeyValueStore<String, V> store;
    private final ToLongFunction<V> newestTime;
    private final int keysPerRound;
    /** The key to resume after next round; null to start over from the first key. */
    private String resumeAfter;

    /** @param newestTime the latest record time an entry holds: it expires once that is before the cut-off */
    ExpiredKeySweeper(KeyValueStore<String, V> store, ToLongFunction<V> newestTime, int keysPerRound) {
        this.store = store;
        this.newestTime = newestTime;
        this.keysPerRound = keysPerRound;
    }

    /** One round: removes entries whose time is before {@code cutoff} among the next slice of the store. */
    void sweepOlderThan(long cutoff) {
        if (cutoff == Long.MIN_VALUE) {
            return;
        }
        List<String> expired = new ArrayList<>();
        String last = null;
        int looked = 0;
        try (KeyValueIterator<String, V> it = resumeAfter == null ? store.all() : store.range(resumeAfter, null)) {
            while (it.hasNext() && looked < keysPerRound) {
                KeyValue<String, V> kv = it.next();
                if (kv.key.equals(resumeAfter)) {
                    continue;
                }
                looked++;
                last = kv.key;
                if (kv.value != null && newestTime.applyAsLong(kv.value) < cutoff) {
                    expired.add(kv.key);
                }
            }
            if (!it.hasNext()) {
                last = null;
            }
        }
        // deleted after the iterator is closed: the store's cache must not change under an open iterator
        for (String key : expired) {
            store.delete(key);
        }
        resumeAfter = last;
    }
}
