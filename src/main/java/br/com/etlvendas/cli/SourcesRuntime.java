package br.com.etlvendas.cli;

import br.com.etlvendas.config.EtlConfig;
import br.com.etlvendas.config.HttpSourceConfig;
import br.com.etlvendas.config.JdbcSourceConfig;
import br.com.etlvendas.extract.generator.GeneratorSource;
import br.com.etlvendas.extract.http.HttpPollingSource;
import br.com.etlvendas.extract.jdbc.JdbcSource;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.file.FileRegistry;
import br.com.etlvendas.extract.file.FileStore;
import br.com.etlvendas.extract.file.FileWatcher;
import br.com.etlvendas.extract.file.FileWorker;
import br.com.etlvendas.extract.file.LocalDirectoryStore;
import br.com.etlvendas.extract.s3.S3FileStore;
import br.com.etlvendas.sale.Topics;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The sources that are enabled besides the generator and the webhook: a watcher per file store (S3
 * prefixes, local directories) announcing new files on {@code etl.files} and one worker reading them, and
 * one thread per database and per API source. Stopping lets each finish or abort its open transaction;
 * an interrupted file, batch or page resumes at the next start.
 */
final class SourcesRuntime implements AutoCloseable {

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    SourcesRuntime(EtlConfig config, Topics topics, Infrastructure infra, Map<String, String> env) {
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
        for (JdbcSourceConfig j : config.sources().jdbc()) {
            start(new JdbcSource(j, topics, infra.bootstrapServers, mapper(j.mapping(), env), Clock.systemUTC()), "jdbc-" + j.name());
        }
        for (HttpSourceConfig h : config.sources().http()) {
            start(new HttpPollingSource(h, topics, infra.bootstrapServers, mapper(h.mapping(), env), Clock.systemUTC()),
                    "http-" + h.name());
        }
    }

    /**
     * The generator of realistic sales, with a run id of its own (its records' source), producing {@code sales}
     * records or, when empty, until stopped. Not started: the caller runs it on a thread of its choosing.
     */
    static GeneratorSource generator(EtlConfig config, Topics topics, Infrastructure infra, OptionalLong sales) {
        String runId = "g" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        return new GeneratorSource(topics.raw(), config.generator(), infra.bootstrapServers, runId, sales,
                Clock.systemDefaultZone());
    }

    private static RowMapper mapper(java.nio.file.Path mapping, Map<String, String> env) {
        return new RowMapper(MappingLoader.load(mapping, env));
    }

    /** What is running, for the start-up banner; empty when nothing is. */
    List<String> describe() {
        return threads.stream().map(Thread::getName).toList();
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

    /** The threads of the sources, named after them, for their states in {@code /ready}. */
    List<Thread> threads() {
        return List.copyOf(threads);
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
