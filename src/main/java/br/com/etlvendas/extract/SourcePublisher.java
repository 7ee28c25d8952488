package br.com.etlvendas.extract;

import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceHeaders;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * Publishes a source's records to {@code sales.raw} in Kafka transactions, together with the source's own
 * progress (a file's rows done, a database watermark, an API cursor) on its state topic, so that progress
 * is committed exactly when the records it covers are: a restart resumes without losing or repeating a row.
 * Records are keyed by sale id (so one sale's lines share a partition) and carry the source headers.
 */
public final class SourcePublisher implements AutoCloseable {

    private final Topic<String, RawSale> raw;
    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<RawSale> serializer;
    private boolean inTransaction;

    public SourcePublisher(Topic<String, RawSale> raw, String bootstrapServers, String transactionalId) {
        this.raw = raw;
        this.serializer = raw.valueSerde().serializer();
        Properties p = ProducerSettings.durableBatched(bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "120000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO); // Kafka unreachable or fenced: do not leak the producer's threads
            throw e;
        }
    }

    public void begin() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    /**
     * A record made ready to send: keyed by its sale id (or its origin when it has none), serialised, with its
     * source headers. Needs no producer, so a reading thread can prepare records while another sends them.
     */
    public record Prepared(String key, byte[] value, byte[] source, byte[] origin, boolean unreadable) {
    }

    public Prepared prepare(RawSale sale) {
        String key = sale.saleId() != null && !sale.saleId().isBlank() ? sale.saleId().strip() : sale.origin();
        return new Prepared(key, serializer.serialize(raw.name(), sale),
                sale.source() == null ? null : sale.source().getBytes(StandardCharsets.UTF_8),
                sale.origin() == null ? null : sale.origin().getBytes(StandardCharsets.UTF_8), sale.isUnreadable());
    }

    /** Sends one record in the open transaction, keyed by its sale id (or its origin when it has none). */
    public void publish(RawSale sale) {
        send(prepare(sale));
    }

    /** Sends one prepared record in the open transaction. */
    public void send(Prepared prepared) {
        begin();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(raw.name(), prepared.key(), prepared.value());
        if (prepared.source() != null) {
            record.headers().add(SourceHeaders.SOURCE, prepared.source());
        }
        if (prepared.origin() != null) {
            record.headers().add(SourceHeaders.ORIGIN, prepared.origin());
        }
        producer.send(record);
    }

    /** Sends a progress or state record in the open transaction. */
    public <V> void publishState(Topic<String, V> topic, String key, V value) {
        begin();
        producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
    }

    /** Adds consumed offsets to the open transaction (consume-transform-produce). */
    public void sendOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata group) {
        begin();
        producer.sendOffsetsToTransaction(offsets, group);
    }

    public void commit() {
        if (inTransaction) {
            producer.commitTransaction();
            inTransaction = false;
        }
    }

    public void abort() {
        if (inTransaction) {
            inTransaction = false;
            producer.abortTransaction();
        }
    }

    @Override
    public void close() {
        try {
            abort();
        } finally {
            producer.close(Duration.ofSeconds(10));
        }
    }
}
