package br.com.etlvendas.cli;

import br.com.etlvendas.config.S3SourceConfig;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.file.FileIngestor;
import br.com.etlvendas.extract.file.FileRef;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.extract.s3.S3FileStore;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.FileEvent;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceHeaders;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Measures rows per second from CSV objects in S3 into {@code sales.raw} (S3 read, CSV parse, mapping,
 * serialisation, transactional publish with progress) next to the ceiling measured in the same run: a
 * plain producer sending the same number of records, already serialised, with the same batching.
 */
final class S3IngestBenchmark {

    /** One timed run: rows moved, wall seconds, and CPU seconds the whole process used meanwhile (NaN if unknown). */
    record Measure(long rows, double seconds, double cpuSeconds, double gcSeconds, double jitSeconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        /** Process CPU per row in microseconds: every thread, the embedded servers' included. */
        double cpuMicrosPerRow() {
            return cpuSeconds * 1e6 / rows;
        }
    }

    /** Times a run and the process CPU it took. */
    private static final class Stopwatch {
        private final long wall = System.nanoTime();
        private final long cpu = processCpuNanos();
        private final long gc = gcMillis();
        private final long jit = jitMillis();

        Measure stop(long rows) {
            long cpuNow = processCpuNanos();
            return new Measure(rows, (System.nanoTime() - wall) / 1e9, cpu < 0 || cpuNow < 0 ? Double.NaN : (cpuNow - cpu) / 1e9,
                    (gcMillis() - gc) / 1e3, (jitMillis() - jit) / 1e3);
        }

        /** Time the JIT compilers report having spent compiling. */
        private static long jitMillis() {
            var jit = ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        }

        /** Time the collectors report having spent (pauses, for G1's young collections). */
        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum();
        }

        private static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }
    }

    static final String HEADER = "\"Row ID\",\"Order ID\",\"Order Date\",\"Ship Date\",\"Ship Mode\",\"Customer ID\","
            + "\"Customer Name\",\"Segment\",\"Country\",\"City\",\"State\",\"Postal Code\",\"Region\",\"Product ID\","
            + "\"Category\",\"Sub-Category\",\"Product Name\",\"Sales\",\"Quantity\",\"Discount\",\"Profit\"\n";

    private final Topics topics;
    private final String bootstrap;
    private final S3Client s3;
    private final String bucket;
    private final ColumnMapping mapping;
    private final Path mappingPath;

    S3IngestBenchmark(Topics topics, String bootstrap, S3Client s3, String bucket, ColumnMapping mapping, Path mappingPath) {
        this.topics = topics;
        this.bootstrap = bootstrap;
        this.s3 = s3;
        this.bucket = bucket;
        this.mapping = mapping;
        this.mappingPath = mappingPath;
    }

    /** Writes {@code objects} CSV objects holding {@code rows} rows in all, in the Superstore layout; returns their keys. */
    List<String> prepare(String prefix, int rows, int objects) {
        List<String> keys = new ArrayList<>();
        int perObject = (rows + objects - 1) / objects;
        int row = 0;
        for (int o = 0; o < objects && row < rows; o++) {
            StringBuilder csv = new StringBuilder(perObject * 260).append(HEADER);
            for (int i = 0; i < perObject && row < rows; i++, row++) {
                int order = row / 3;
                csv.append('"').append(row + 1).append("\",\"US-2017-").append(100000 + order).append("\",\"")
                        .append(1 + row % 12).append('/').append(1 + row % 28).append("/2017\",\"")
                        .append(1 + row % 12).append('/').append(1 + row % 28).append("/2017\",\"Standard Class\",\"CG-")
                        .append(10000 + order % 793).append("\",\"Claire Gute\",\"Consumer\",\"United States\",\"Henderson\",")
                        .append("\"Kentucky\",\"42420\",\"South\",\"FUR-BO-").append(10000000 + row % 1862)
                        .append("\",\"Furniture\",\"Bookcases\",\"Bush Somerset Collection Bookcase\",\"")
                        .append(100 + row % 900).append('.').append(String.format("%04d", row % 10000))
                        .append("\",\"").append(1 + row % 5).append("\",\"0.2\",\"").append(row % 50).append(".1234\"\n");
            }
            String key = prefix + "part-" + o + ".csv";
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(csv.toString().getBytes(StandardCharsets.UTF_8)));
            keys.add(key);
        }
        return keys;
    }

    /** Sends the mapped rows of the objects, serialised beforehand, with a plain idempotent producer. */
    Measure ceiling(List<String> keys) throws Exception {
        List<byte[]> payloads = new ArrayList<>();
        List<String> recordKeys = new ArrayList<>();
        S3FileStore store = store();
        RowMapper mapper = new RowMapper(mapping);
        for (String key : keys) {
            try (InputStream in = store.open(ref(key));
                 var reader = br.com.etlvendas.extract.format.RowReaders.open(in, mapping.format(), key)) {
                br.com.etlvendas.extract.RowResult r;
                while ((r = reader.next()) != null) {
                    RawSale sale = mapper.map(r, S3FileStore.uri(bucket, key) + "#L" + r.number());
                    payloads.add(topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale));
                    recordKeys.add(sale.saleId());
                }
            }
        }
        Properties p = ProducerSettings.durableBatched(bootstrap);
        byte[] source = mapping.source().getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            Stopwatch watch = new Stopwatch();
            for (int i = 0; i < payloads.size(); i++) {
                ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topics.raw().name(), recordKeys.get(i), payloads.get(i));
                rec.headers().add(SourceHeaders.SOURCE, source);
                producer.send(rec);
            }
            producer.flush();
            return watch.stop(payloads.size());
        }
    }

    /**
     * Only streams the objects' bytes from the S3 server, discarding them: what reading costs before any parsing
     * (the embedded S3 server runs in this process, so its work is counted too).
     */
    Measure s3ReadOnly(List<String> keys, long rows) throws IOException {
        S3FileStore store = store();
        List<FileRef> refs = refs(keys);
        Stopwatch watch = new Stopwatch();
        for (FileRef ref : refs) {
            try (InputStream in = store.open(ref)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        }
        return watch.stop(rows);
    }

    /** Streams the objects from S3 through the real file ingestion into sales.raw. */
    Measure s3Ingest(List<String> keys, int rowsPerTransaction, String transactionalId) throws IOException {
        S3FileStore store = store();
        long rows = 0;
        try (SourcePublisher publisher = new SourcePublisher(topics.raw(), bootstrap, transactionalId)) {
            FileIngestor ingestor = new FileIngestor(publisher, topics.files(), rowsPerTransaction, Clock.systemUTC());
            RowMapper mapper = new RowMapper(mapping);
            List<FileRef> refs = refs(keys);
            Stopwatch watch = new Stopwatch();
            for (FileRef ref : refs) {
                FileEvent event = new FileEvent(FileEvent.idOf(ref.uri(), transactionalId), ref.uri(), transactionalId,
                        0, mappingPath.toString(), FileEvent.Status.DISCOVERED, 0, 0, "", Instant.now());
                try (InputStream in = store.open(ref)) {
                    rows += ingestor.ingest(event, in, mapping.format(), mapper, UnaryOperator.identity(), r -> { }).rowsDone();
                }
            }
            return watch.stop(rows);
        }
    }

    private S3FileStore store() {
        return new S3FileStore(s3, bucket, new S3SourceConfig(true, java.time.Duration.ofSeconds(1), List.of(),
                S3SourceConfig.AfterProcessing.KEEP, "processed/", 5000));
    }

    /** The objects as the watcher would hand them over (their current ETags), looked up before timing starts. */
    private List<FileRef> refs(List<String> keys) {
        List<FileRef> refs = new ArrayList<>();
        for (String key : keys) {
            refs.add(ref(key));
        }
        return refs;
    }

    private FileRef ref(String key) {
        String etag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
        return new FileRef(S3FileStore.uri(bucket, key), key, etag, 0, mappingPath);
    }
}
