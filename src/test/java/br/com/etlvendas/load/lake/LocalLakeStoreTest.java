package br.com.etlvendas.load.lake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalLakeStoreTest {

    @TempDir
    Path dir;

    @Test
    void shouldStoreEveryFileOfABatchUnderItsKeyReplacingAnEarlierAttemptAndLeaveNoTemporaryFile() throws IOException {
        // given a lake holding a file of an earlier attempt at the same batch, and the batch's files written again
        Path lake = dir.resolve("lake");
        LocalLakeStore store = new LocalLakeStore(lake);
        store.put("dt=2026-11-30/part-p0.parquet", "old".getBytes());
        Path out = Files.createDirectories(dir.resolve("out"));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("dt=2026-11-30/part-p0.parquet", Files.writeString(out.resolve("a"), "new 30"));
        files.put("dt=2026-12-01/part-p0.parquet", Files.writeString(out.resolve("b"), "new 01"));

        // when
        store.putAll(files);

        // then
        assertThat(Files.readString(lake.resolve("dt=2026-11-30/part-p0.parquet"))).isEqualTo("new 30");
        assertThat(Files.readString(lake.resolve("dt=2026-12-01/part-p0.parquet"))).isEqualTo("new 01");
        for (String day : new String[]{"dt=2026-11-30", "dt=2026-12-01"}) {
            try (var names = Files.list(lake.resolve(day))) {
                assertThat(names.map(p -> p.getFileName().toString()).toList()).containsExactly("part-p0.parquet");
            }
        }
    }

    @Test
    void shouldMakeNoFileOfABatchVisibleWhenOneOfItsFilesCannotBeStored() throws IOException {
        // given a batch whose second file is missing (its move fails before anything is renamed)
        Path lake = dir.resolve("lake");
        Path out = Files.createDirectories(dir.resolve("out"));
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("dt=2026-11-30/part-p0.parquet", Files.writeString(out.resolve("a"), "30"));
        files.put("dt=2026-12-01/part-p0.parquet", out.resolve("missing"));

        // when
        assertThatThrownBy(() -> new LocalLakeStore(lake).putAll(files)).isInstanceOf(IOException.class);

        // then neither the first file nor a temporary one is left in the lake
        try (var all = Files.walk(lake)) {
            assertThat(all.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }
}
