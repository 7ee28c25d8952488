package br.com.etlvendas.load.lake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LakeStateStoreTest {

    @TempDir
    Path lake;

    @Test
    void shouldHaveNoStateForAPartitionNeverWritten() throws IOException {
        assertThat(new LakeStateStore(new LocalLakeStore(lake), "sales.clean").read(0)).isEmpty();
    }

    @Test
    void shouldKeepAnOpenIntentWithItsOffsetsAndOwnerUntilTheBatchIsCommitted() throws IOException {
        // given
        LakeStateStore states = new LakeStateStore(new LocalLakeStore(lake), "sales.clean");

        // when an intent is written
        states.write(2, LakeState.writing(123, 456, "writer-a"));

        // then a new store over the same lake sees it, with its offsets
        LakeState read = new LakeStateStore(new LocalLakeStore(lake), "sales.clean").read(2).orElseThrow();
        assertThat(read.hasIntent()).isTrue();
        assertThat(read.intent()).isEqualTo(new LakeState.Intent(123, 456, "writer-a"));
        assertThat(Files.exists(lake.resolve("_state/sales.clean/p2.json"))).isTrue();

        // when the batch is committed
        states.write(2, LakeState.committed(457));

        // then
        LakeState committed = states.read(2).orElseThrow();
        assertThat(committed.hasIntent()).isFalse();
        assertThat(committed.nextOffset()).isEqualTo(457);
        assertThat(states.read(1)).isEmpty();
    }

    @Test
    void shouldLeaveNoTemporaryFileBehindAfterAnAtomicPut() throws IOException {
        // when
        new LocalLakeStore(lake).put("dt=2026-11-30/a.parquet", "abc".getBytes(StandardCharsets.UTF_8));
        new LocalLakeStore(lake).put("dt=2026-11-30/a.parquet", "abcd".getBytes(StandardCharsets.UTF_8));

        // then
        try (var files = Files.list(lake.resolve("dt=2026-11-30"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("a.parquet");
        }
        assertThat(Files.readString(lake.resolve("dt=2026-11-30/a.parquet"))).isEqualTo("abcd");
    }

    @Test
    void shouldReportAnUnreadableStateNamingItsKey() throws IOException {
        // given
        new LocalLakeStore(lake).put("_state/sales.clean/p0.json", "{not json".getBytes(StandardCharsets.UTF_8));

        // then
        assertThatThrownBy(() -> new LakeStateStore(new LocalLakeStore(lake), "sales.clean").read(0))
                .isInstanceOf(IOException.class).hasMessageContaining("_state/sales.clean/p0.json");
    }

    @Test
    void shouldRefuseAnIntentWhoseLastOffsetIsBeforeItsFirst() {
        assertThatThrownBy(() -> LakeState.writing(10, 9, "w")).isInstanceOf(IllegalArgumentException.class);
    }
}
