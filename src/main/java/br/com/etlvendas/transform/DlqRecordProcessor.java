package br.com.etlvendas.transform;

import br.com.etlvendas.sale.DlqEnvelope;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Clock;

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
        DlqEnvelope dlq = DlqEnvelope.on(headers).stage(stage).reasons(r.invalid().reasons());
        context.recordMetadata().ifPresent(m -> dlq.readFrom(m.topic(), m.partition(), m.offset()));
        dlq.source(r.invalid().raw().source()).sourceOrigin(r.invalid().raw().origin())
                .lineCount(r.invalid().raw().lineCount()).rejectedAt(clock.instant());
        context.forward(new Record<>(record.key(), r.payload(), record.timestamp(), headers));
    }
}
