package br.com.etlvendas.transform;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class ExpiredKeySweeperTest {

    private static KeyValueStore<String, Long> storeWith(int keys, long time) {
        KeyValueStore<String, Long> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("s"), Serdes.String(),
                Serdes.Long()).withLoggingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        for (int i = 0; i < keys; i++) {
            store.put(String.format("k%03d", i), time);
        }
        return store;
    }

    @Test
    void shouldLookAtABoundedSliceOfKeysPerRoundAndResumeWhereItStopped() {
        // given 10 expired keys and a sweeper looking at 4 keys per round
        KeyValueStore<String, Long> store = storeWith(10, 100);
        ExpiredKeySweeper<Long> sweeper = new ExpiredKeySweeper<>(store, Long::longValue, 4);

        // when one round runs, then only the first slice is removed
        sweeper.sweepOlderThan(1000);
        assertThat(store.approximateNumEntries()).isEqualTo(6);

        // when two more rounds run, then the rest is removed
        sweeper.sweepOlderThan(1000);
        sweeper.sweepOlderThan(1000);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void shouldKeepKeysNewerThanTheCutoffAndStartOverAfterTheLastKey() {
        // given 3 recent keys and 2 old ones
        KeyValueStore<String, Long> store = storeWith(3, 5000);
        store.put("old-1", 10L);
        store.put("old-2", 20L);
        ExpiredKeySweeper<Long> sweeper = new ExpiredKeySweeper<>(store, Long::longValue, 2);

        // when enough rounds run to pass the end twice
        for (int i = 0; i < 6; i++) {
            sweeper.sweepOlderThan(1000);
        }

        // then only the recent keys remain
        assertThat(store.get("old-1")).isNull();
        assertThat(store.get("old-2")).isNull();
        assertThat(store.get("k000")).isEqualTo(5000L);
        assertThat(store.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void shouldDoNothingBeforeAnyRecordTimeIsKnown() {
        KeyValueStore<String, Long> store = storeWith(3, 1);
        new ExpiredKeySweeper<>(store, Long::longValue, 10).sweepOlderThan(Long.MIN_VALUE);
        assertThat(store.approximateNumEntries()).isEqualTo(3);
    }
}
