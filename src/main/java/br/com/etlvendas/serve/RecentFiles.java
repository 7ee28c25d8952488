package br.com.etlvendas.serve;

import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Topic;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The source files the pipeline saw last, for the dashboard's pipeline panel: a live view of {@code etl.files}
 * (the latest event per file: discovered, in progress with its rows so far, done or failed with why).
 */
public final class RecentFiles implements Runnable, AutoCloseable {

    private final CompactedTopicView<FileEvent> view;

    public RecentFiles(Topic<String, FileEvent> files, String bootstrapServers) {
        this.view = new CompactedTopicView<>(files, bootstrapServers, "etl-vendas-recent-files");
    }

    @Override
    public void run() {
        view.run();
    }

    /** The {@code n} files whose latest event is newest, newest first. */
    public List<FileEvent> latest(int n) {
        return latestOf(view.values(), n);
    }

    static List<FileEvent> latestOf(Collection<FileEvent> files, int n) {
        return files.stream()
                .sorted(Comparator.comparing((FileEvent f) -> f.at() == null ? Instant.MIN : f.at()).reversed()
                        .thenComparing(FileEvent::fileId))
                .limit(n)
                .toList();
    }

    @Override
    public void close() {
        view.close();
    }
}
