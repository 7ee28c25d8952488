package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.Topic;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
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
        header(out, DlqHeaders.STAGE, STAGE);
        header(out, DlqHeaders.REASONS, json(List.of(reason)));
        header(out, DlqHeaders.ORIGIN_TOPIC, r.topic());
        header(out, DlqHeaders.ORIGIN_PARTITION, Integer.toString(r.partition()));
        header(out, DlqHeaders.ORIGIN_OFFSET, Long.toString(r.offset()));
        if (r.value() != null) {
            header(out, DlqHeaders.SOURCE, r.value().source());
            header(out, DlqHeaders.LINE_COUNT, Integer.toString(r.value().lines().size()));
        }
        header(out, DlqHeaders.REJECTED_AT, clock.instant().toString());
        try {
            producer.send(out).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot send a refused sale to " + dlq.name() + ": " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending a refused sale to the DLQ", e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(List<String> reasons) {
        try {
            return SaleJson.mapper().writeValueAsString(reasons);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
