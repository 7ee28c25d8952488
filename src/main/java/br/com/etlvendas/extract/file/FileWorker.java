package br.com.etlvendas.extract.file;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.ConsumerSettings;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Takes file events from {@code etl.files} (as one member of a consumer group, so several workers share
 * the files) and reads each file not yet finished, resuming an interrupted one after its last committed
 * row. A store that cannot be reached is retried with back-off; the event is not consumed until the file
 * is done or failed.
 */
public final class FileWorker implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FileWorker.class);

    private final List<FileStore> stores;
    private final FileRegistry registry;
    private final SourcePublisher publisher;
    private final FileIngestor ingestor;
    private final KafkaConsumer<String, FileEvent> consumer;
    private final Map<String, String> env;
    private final Map<Path, LoadedMapping> mappings = new HashMap<>();
    private volatile boolean running = true;

    private record LoadedMapping(ColumnMapping mapping, RowMapper mapper) {
    }

    public FileWorker(List<FileStore> stores, Topic<String, FileEvent> files, String bootstrapServers, String group,
                      SourcePublisher publisher, int rowsPerTransaction, Map<String, String> env, Clock clock) {
        this.stores = stores;
        this.registry = new FileRegistry(files, bootstrapServers);
        this.publisher = publisher;
        this.ingestor = new FileIngestor(publisher, files, rowsPerTransaction, clock);
        this.env = env;
        Properties p = ConsumerSettings.readCommitted(bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10");
        // reading one large file can take minutes between polls
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, Integer.toString(30 * 60 * 1000));
        p.put(ConsumerConfig.CONNECTIONS_MAX_IDLE_MS_CONFIG, Integer.toString(31 * 60 * 1000));
        this.consumer = new KafkaConsumer<>(p, files.keySerde().deserializer(), files.valueSerde().deserializer());
        consumer.subscribe(List.of(files.name()));
    }

    @Override
    public void run() {
        long backoff = 500;
        try {
            while (running) {
                for (ConsumerRecord<String, FileEvent> r : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    try {
                        if (!handle(r.value())) {
                            break; // stopping mid-file: the event stays unconsumed, the file resumes at the next start
                        }
                        publisher.sendOffsets(Map.of(tp, new OffsetAndMetadata(r.offset() + 1)), consumer.groupMetadata());
                        publisher.commit();
                        backoff = 500;
                    } catch (IOException | RuntimeException e) {
                        publisher.abort();
                        log.warn("Reading {} failed, retrying in {} ms: {}", r.key(), backoff, e.getMessage());
                        consumer.seek(tp, r.offset());
                        Thread.sleep(backoff);
                        backoff = Math.min(backoff * 2, 30_000);
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
            registry.close();
            publisher.close();
        }
    }

    /** Reads the file the event names unless it is finished; false when stopped before the file's end. */
    private boolean handle(FileEvent event) throws IOException {
        if (event == null || event.finished()) {
            return true;
        }
        registry.catchUp();
        FileEvent state = registry.get(event.fileId()).orElse(event);
        if (state.finished()) {
            return true;
        }
        FileStore store = stores.stream().filter(s -> s.owns(state.uri())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no configured store holds " + state.uri()));
        FileRef ref = new FileRef(state.uri(), nameOf(state.uri()), state.version(), state.size(), Path.of(state.mapping()));
        FileEvent result;
        try {
            LoadedMapping m = mapping(ref.mapping());
            try (InputStream in = store.open(ref)) {
                log.info("Reading {} with {}{}", state.uri(), ref.mapping(),
                        state.status() == FileEvent.Status.IN_PROGRESS ? " from row " + (state.rowsDone() + 1) : "");
                result = ingestor.ingest(state, in, m.mapping().format(), m.mapper(), UnaryOperator.identity(), rows -> { });
            }
        } catch (ConfigException e) {
            result = state.with(FileEvent.Status.FAILED, state.rowsDone(), state.rowsRejected(),
                    "mapping " + ref.mapping() + " is not usable: " + e.getMessage(), java.time.Instant.now());
            publisher.publishState(registryTopic(), state.fileId(), result);
            publisher.commit();
        }
        registry.remember(result);
        if (!result.finished()) {
            return false;
        }
        log.info("File {} {}: {} rows, {} rejected at source{}", state.uri(), result.status(), result.rowsDone(),
                result.rowsRejected(), result.message().isEmpty() ? "" : " (" + result.message() + ")");
        if (result.status() == FileEvent.Status.DONE) {
            store.afterProcessing(ref);
        }
        return true;
    }

    private Topic<String, FileEvent> registryTopic() {
        return ingestor.filesTopic();
    }

    private LoadedMapping mapping(Path path) {
        return mappings.computeIfAbsent(path, p -> {
            ColumnMapping m = MappingLoader.load(p, env);
            return new LoadedMapping(m, new RowMapper(m));
        });
    }

    private static String nameOf(String uri) {
        if (uri.startsWith("s3://")) {
            String rest = uri.substring(5);
            return rest.substring(rest.indexOf('/') + 1);
        }
        return uri;
    }

    @Override
    public void close() {
        running = false;
        ingestor.stop();
        consumer.wakeup();
    }
}
