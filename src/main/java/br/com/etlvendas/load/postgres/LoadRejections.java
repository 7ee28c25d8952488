package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.DlqEnvelope;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Sends a clean sale the warehouse refuses for good (a value a column cannot hold) to {@code sales.dlq}
 * with stage {@code load}, the database's reason and its {@code sales.clean} origin, so that one bad
 * record never stops loading. Waits for the DLQ to acknowledge before the loader moves past the record.
 */
final class LoadRejections implements AutoCloseable {

    static final String STAGE = DlqHeaders.STAGE_LOAD;

    private final Topic<String, Sale> clean;
    private final Topic<String, byte[]> dlq;
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;

    LoadRejections(Topic<String, Sale> clean, Topic<String, byte[]> dlq, String bootstrapServers, Clock clock) {
        this.clean = clean;
        this.dlq = dlq;
        this.clock = clock;
        this.producer = new KafkaProducer<>(ProducerSettings.durableBatched(bootstrapServers), new StringSerializer(),
                new ByteArraySerializer());
    }

    void reject(ConsumerRecord<String, Sale> r, String reason) {
        byte[] payload = r.value() == null ? null : clean.valueSerde().serializer().serialize(clean.name(), r.value());
        ProducerRecord<String, byte[]> out = new ProducerRecord<>(dlq.name(), r.key(), payload);
        DlqEnvelope envelope = DlqEnvelope.on(out.headers()).stage(STAGE).reasons(List.of(reason))
                .readFrom(r.topic(), r.partition(), r.offset());
        if (r.value() != null) {
            envelope.source(r.value().source()).lineCount(r.value().lines().size());
        }
        envelope.rejectedAt(clock.instant());
        try {
            producer.send(out).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send a refused sale to " + dlq.name() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a refused sale to the DLQ", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
