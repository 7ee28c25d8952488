package br.com.etlvendas.extract.generator;

import br.com.etlvendas.config.GeneratorConfig;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceHeaders;
import java.nio.charset.StandardCharsets;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes generated sales to {@code sales.raw} at the configured rate, keyed by sale id, with an
 * idempotent producer and {@code acks=all}. Each record acknowledged by Kafka is entered in the
 * {@link GeneratorLedger}; a record Kafka refused is logged and not entered, so the ledger states
 * exactly what reached the pipeline.
 */
public final class GeneratorSource implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GeneratorSource.class);

    private final Topic<String, RawSale> raw;
    private final GeneratorConfig config;
    private final OptionalLong maxRecords;
    private final SaleGenerator generator;
    private final KafkaProducer<String, byte[]> producer;
    private final GeneratorLedger ledger = new GeneratorLedger();
    private final AtomicLong failed = new AtomicLong();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;

    public GeneratorSource(Topic<String, RawSale> raw, GeneratorConfig config, String bootstrapServers, String runId,
                           OptionalLong maxRecords, Clock clock) {
        this.raw = raw;
        this.config = config;
        this.maxRecords = maxRecords;
        long seed = config.seed() != 0 ? config.seed() : System.nanoTime();
        this.generator = new SaleGenerator(config, runId, raw.valueSerde().serializer(), clock, seed);
        Properties p = ProducerSettings.durableBatched(bootstrapServers);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "etl-vendas-generator-" + runId);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The name this run's records carry as their source, e.g. {@code generator:g20261129-100132}. */
    public String source() {
        return generator.source();
    }

    public GeneratorLedger ledger() {
        return ledger;
    }

    public long failedSends() {
        return failed.get();
    }

    @Override
    public void run() {
        try {
            long intervalNanos = 10_000_000L; // publish in 10 ms slices to keep the rate smooth
            double perSlice = config.salesPerSecond() / 100.0;
            double owed = 0;
            long sent = 0;
            long next = System.nanoTime();
            while (running && (maxRecords.isEmpty() || sent < maxRecords.getAsLong())) {
                owed += perSlice;
                while (owed >= 1 && running && (maxRecords.isEmpty() || sent < maxRecords.getAsLong())) {
                    send(generator.next());
                    sent++;
                    owed--;
                }
                next += intervalNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } else if (wait < -1_000_000_000L) {
                    next = System.nanoTime(); // fell behind by more than a second: do not try to catch up in a burst
                }
            }
            producer.flush();
            log.info("Generator {} finished: {} records sent", generator.source(), sent);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished.countDown();
        }
    }

    private void send(GeneratedRecord r) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(raw.name(), r.key(), r.payload());
        record.headers().add(SourceHeaders.SOURCE, generator.source().getBytes(StandardCharsets.UTF_8));
        record.headers().add(SourceHeaders.ORIGIN, r.origin().getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                ledger.record(r);
            } else {
                failed.incrementAndGet();
                log.error("Kafka refused generated record {}: {}", r.key(), error.getMessage());
            }
        });
    }

    /** Waits until the generator has sent its last record and every send was acknowledged or failed. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        try {
            finished.await(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(3));
    }
}
