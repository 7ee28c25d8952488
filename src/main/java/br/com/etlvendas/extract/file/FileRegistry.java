package br.com.etlvendas.extract.file;

import br.com.etlvendas.extract.LatestCommitted;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Topic;

import java.util.Optional;

/**
 * The durable record of which files were read: the latest committed {@link FileEvent} of every file, read
 * from the compacted {@code etl.files} topic. {@link #catchUp()} reads up to the topic's current end, so
 * decisions are taken on everything committed so far. Used by one thread.
 */
public final class FileRegistry implements AutoCloseable {

    private final LatestCommitted<FileEvent> latest;

    public FileRegistry(Topic<String, FileEvent> files, String bootstrapServers) {
        this.latest = new LatestCommitted<>(files, bootstrapServers);
    }

    /** Reads every event committed up to now. */
    public void catchUp() {
        latest.catchUp();
    }

    public Optional<FileEvent> get(String fileId) {
        return latest.get(fileId);
    }

    /** Records an event this process has just committed, without waiting to read it back. */
    public void remember(FileEvent event) {
        latest.remember(event.fileId(), event);
    }

    @Override
    public void close() {
        latest.close();
    }
}
