package br.com.etlvendas.transform;

import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;

/**
 * Turns a rejected record into its DLQ form: the original key and payload bytes, untouched, with headers
 * naming the stage, every reason, the topic/partition/offset it was read from and the source's own origin.
 */
final class DlqRecordProcessor implements Processor<String, Checked, String, byte[]> {

    private final String stage;
    private final Clock clock;
    private ProcessorContext<String, byte[]> context;

    DlqRecordProcessor(String stage, Clock clock) {
        this.stage = stage;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, Checked> record) {
        Checked r = record.value();
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DlqHeaders.STAGE, stage);
        put(headers, DlqHeaders.REASONS, json(r.invalid().reasons()));
        Optional<RecordMetadata> meta = context.recordMetadata();
        meta.ifPresent(m -> {
            put(headers, DlqHeaders.ORIGIN_TOPIC, m.topic());
            put(headers, DlqHeaders.ORIGIN_PARTITION, Integer.toString(m.partition()));
            put(headers, DlqHeaders.ORIGIN_OFFSET, Long.toString(m.offset()));
        });
        if (r.invalid().raw().source() != null) {
            put(headers, DlqHeaders.SOURCE, r.invalid().raw().source());
        }
        if (r.invalid().raw().origin() != null) {
            put(headers, DlqHeaders.SOURCE_ORIGIN, r.invalid().raw().origin());
        }
        put(headers, DlqHeaders.LINE_COUNT, Integer.toString(r.invalid().raw().lineCount()));
        put(headers, DlqHeaders.REJECTED_AT, clock.instant().toString());
        context.forward(new Record<>(record.key(), r.payload(), record.timestamp(), headers));
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object value) {
        try {
            return SaleJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write DLQ reasons as JSON", e);
        }
    }
}
