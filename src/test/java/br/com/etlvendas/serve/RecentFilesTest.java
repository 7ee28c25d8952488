package br.com.etlvendas.serve;

import br.com.etlvendas.sale.FileEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentFilesTest {

    private static FileEvent file(String name, FileEvent.Status status, String at) {
        return new FileEvent("s3://b/" + name + "@1", "s3://b/" + name, "1", 10, "m.yml", status, 5, 0, "",
                at == null ? null : Instant.parse(at));
    }

    @Test
    void shouldListTheFilesWhoseLatestEventIsNewestFirstUpToTheLimit() {
        List<FileEvent> files = List.of(file("a.csv", FileEvent.Status.DONE, "2026-11-30T10:00:00Z"),
                file("b.csv", FileEvent.Status.IN_PROGRESS, "2026-11-30T12:00:00Z"),
                file("c.csv", FileEvent.Status.FAILED, "2026-11-30T11:00:00Z"),
                file("d.csv", FileEvent.Status.DISCOVERED, null));

        assertThat(RecentFiles.latestOf(files, 3)).extracting(FileEvent::uri)
                .containsExactly("s3://b/b.csv", "s3://b/c.csv", "s3://b/a.csv");
        assertThat(RecentFiles.latestOf(files, 10)).last().extracting(FileEvent::uri).isEqualTo("s3://b/d.csv");
    }
}
