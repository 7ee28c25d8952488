package br.com.etlvendas.cli;

import br.com.etlvendas.config.EtlConfig;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.file.FileRegistry;
import br.com.etlvendas.extract.file.FileStore;
import br.com.etlvendas.extract.file.FileWatcher;
import br.com.etlvendas.extract.file.FileWorker;
import br.com.etlvendas.extract.file.LocalDirectoryStore;
import br.com.etlvendas.extract.s3.S3FileStore;
import br.com.etlvendas.sale.Topics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The file sources that are enabled: a watcher per store (S3 prefixes, local directories) announcing new
 * files on {@code etl.files}, and one worker reading the announced files. Stopping lets the worker finish
 * or abort its open transaction; an interrupted file resumes at the next start.
 */
final class FileSourcesRuntime implements AutoCloseable {

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    FileSourcesRuntime(EtlConfig config, Topics topics, Infrastructure infra, Map<String, String> env) {
        List<FileStore> stores = new ArrayList<>();
        String instance = config.pipeline().applicationId();
        if (config.sources().s3().enabled()) {
            S3FileStore s3 = new S3FileStore(infra.s3Client(), infra.bucket, config.sources().s3());
            stores.add(s3);
            watch(s3, config, topics, infra, instance + "-s3-watcher", config.sources().s3().pollInterval());
        }
        if (config.sources().directories().enabled()) {
            LocalDirectoryStore dirs = new LocalDirectoryStore(config.sources().directories().watches());
            stores.add(dirs);
            watch(dirs, config, topics, infra, instance + "-dir-watcher", config.sources().directories().pollInterval());
        }
        if (!stores.isEmpty()) {
            int rows = config.sources().s3().enabled() ? config.sources().s3().rowsPerTransaction()
                    : config.sources().directories().rowsPerTransaction();
            SourcePublisher publisher = new SourcePublisher(topics.raw(), infra.bootstrapServers, instance + "-file-worker");
            FileWorker worker = new FileWorker(stores, topics.files(), infra.bootstrapServers, instance + "-file-workers",
                    publisher, rows, env, Clock.systemUTC());
            start(worker, "file-worker");
        }
    }

    private void watch(FileStore store, EtlConfig config, Topics topics, Infrastructure infra, String id,
                       java.time.Duration poll) {
        FileWatcher watcher = new FileWatcher(store, new FileRegistry(topics.files(), infra.bootstrapServers),
                new SourcePublisher(topics.raw(), infra.bootstrapServers, id),
                topics.files(), poll, Clock.systemUTC());
        start(watcher, id);
    }

    private void start(Runnable r, String name) {
        if (r instanceof AutoCloseable c) {
            parts.add(c);
        }
        Thread t = new Thread(r, name);
        t.start();
        threads.add(t);
    }

    boolean isEmpty() {
        return threads.isEmpty();
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : parts) {
            c.close();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
