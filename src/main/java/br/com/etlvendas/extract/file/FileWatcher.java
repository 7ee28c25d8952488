package br.com.etlvendas.extract.file;

import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Lists a store every poll interval and announces each file (URI and version) not yet known to the
 * registry as a DISCOVERED event on {@code etl.files}; file workers take it from there. Knowing files by
 * identity, not by name order, a file that arrives late with an earlier name is still read.
 */
public final class FileWatcher implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

    private final FileStore store;
    private final FileRegistry registry;
    private final SourcePublisher publisher;
    private final Topic<String, FileEvent> files;
    private final Duration pollInterval;
    private final Clock clock;
    private final Set<String> announced = new HashSet<>();
    private volatile boolean running = true;

    public FileWatcher(FileStore store, FileRegistry registry, SourcePublisher publisher, Topic<String, FileEvent> files,
                       Duration pollInterval, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.publisher = publisher;
        this.files = files;
        this.pollInterval = pollInterval;
        this.clock = clock;
    }

    @Override
    public void run() {
        while (running) {
            try {
                scanOnce();
            } catch (IOException | RuntimeException e) {
                log.warn("Watching for new files failed, retrying in {}: {}", pollInterval, e.getMessage());
            }
            sleep();
        }
        registry.close();
        publisher.close();
    }

    /** Announces every new file; returns how many. */
    public int scanOnce() throws IOException {
        registry.catchUp();
        int found = 0;
        for (FileRef ref : store.list()) {
            String id = FileEvent.idOf(ref.uri(), ref.version());
            if (registry.get(id).isEmpty() && announced.add(id)) {
                publisher.publishState(files, id, new FileEvent(id, ref.uri(), ref.version(), ref.size(),
                        ref.mapping().toString(), FileEvent.Status.DISCOVERED, 0, 0, "", clock.instant()));
                found++;
            }
        }
        publisher.commit();
        if (found > 0) {
            log.info("Discovered {} new file(s)", found);
        }
        return found;
    }

    private void sleep() {
        long until = System.currentTimeMillis() + pollInterval.toMillis();
        while (running && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        running = false;
    }
}
