package br.com.etlvendas.extract.file;

import br.com.etlvendas.config.DirectorySourceConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LocalDirectoryStoreTest {

    @TempDir
    Path dir;

    private Path settled(String name, String content) throws IOException {
        Path f = Files.writeString(dir.resolve(name), content);
        Files.setLastModifiedTime(f, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        return f;
    }

    @Test
    void shouldListSettledVisibleFilesWithSizeAndTimeAsTheirVersion() throws IOException {
        // given a settled file, a hidden one, and one still being written (changed just now)
        settled("b.csv", "bb");
        settled(".hidden.csv", "x");
        Files.writeString(dir.resolve("writing.csv"), "partial");
        LocalDirectoryStore store = new LocalDirectoryStore(List.of(new DirectorySourceConfig.Watch(dir, Path.of("m.yml"), false)));

        // when
        List<FileRef> refs = store.list();

        // then
        assertThat(refs).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("b.csv");
            assertThat(r.size()).isEqualTo(2);
            assertThat(r.version()).startsWith("2-");
            assertThat(r.mapping()).isEqualTo(Path.of("m.yml"));
        });
        try (InputStream in = store.open(refs.get(0))) {
            assertThat(new String(in.readAllBytes())).isEqualTo("bb");
        }
    }

    @Test
    void shouldMoveAReadFileIntoProcessedWhenConfiguredAndKeepItOtherwise() throws IOException {
        // given two watched directories, one moving read files away
        Path moving = Files.createDirectories(dir.resolve("moving"));
        Path keeping = Files.createDirectories(dir.resolve("keeping"));
        Path a = Files.writeString(moving.resolve("a.csv"), "a");
        Path b = Files.writeString(keeping.resolve("b.csv"), "b");
        Files.setLastModifiedTime(a, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        Files.setLastModifiedTime(b, FileTime.fromMillis(System.currentTimeMillis() - 10_000));
        LocalDirectoryStore store = new LocalDirectoryStore(List.of(
                new DirectorySourceConfig.Watch(moving, Path.of("m.yml"), true),
                new DirectorySourceConfig.Watch(keeping, Path.of("m.yml"), false)));

        // when
        for (FileRef ref : store.list()) {
            store.afterProcessing(ref);
        }

        // then
        assertThat(a).doesNotExist();
        assertThat(moving.resolve("processed").resolve("a.csv")).hasContent("a");
        assertThat(b).exists();
        assertThat(store.list()).extracting(FileRef::name).containsExactly("b.csv");
    }
}
