package br.com.etlvendas.transform;

import br.com.etlvendas.sale.DlqEnvelope;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceHeaders;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' {@code processing.exception.handler}, the last line of defence: a record that made a processor
 * throw where no stage of the topology catches it (de-duplication, the KPI totals) is sent to {@code sales.dlq}
 * with its original key and bytes, stage {@value DlqHeaders#STAGE_PROCESSING}, the processor and exception, and
 * the usual origin headers, and the thread resumes with the next record instead of failing on it again and again.
 * Written in the same exactly-once transaction as the task's other output.
 */
public final class PoisonRecordHandler implements ProcessingExceptionHandler {

    /** The config key under which {@link SalesPipeline} hands over the {@link Settings} instance. */
    public static final String SETTINGS = "etl.poison-record-handler.settings";
    private static final Logger log = LoggerFactory.getLogger(PoisonRecordHandler.class);

    private Settings settings;

    /** What the handler needs, passed as an object through the Streams config. */
    public record Settings(Topic<String, RawSale> raw, String dlqTopic, PoisonRecords poison, Clock clock) {
    }

    @Override
    public void configure(Map<String, ?> configs) {
        Object s = configs.get(SETTINGS);
        if (!(s instanceof Settings given)) {
            throw new IllegalStateException(PoisonRecordHandler.class.getName() + " needs " + SETTINGS + " in the Streams config");
        }
        this.settings = given;
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        byte[] value = context.sourceRawValue();
        RawSale raw = value == null ? RawSale.unreadable("", "no value")
                : settings.raw().valueSerde().deserializer().deserialize(settings.raw().name(), value);
        String source = raw.source() != null ? raw.source() : header(context.headers(), SourceHeaders.SOURCE);
        String origin = raw.origin() != null ? raw.origin() : header(context.headers(), SourceHeaders.ORIGIN);
        String reason = "processor '" + context.processorNodeId() + "' threw " + exception.getClass().getName() + ": "
                + exception.getMessage();
        log.error("Record {}-{}@{} of source {} sent to the DLQ: {}", context.topic(), context.partition(), context.offset(),
                source, reason, exception);
        settings.poison().record(DlqHeaders.STAGE_PROCESSING + ":" + context.processorNodeId(), exception);

        Headers headers = new RecordHeaders();
        DlqEnvelope.on(headers).stage(DlqHeaders.STAGE_PROCESSING).reasons(List.of(reason))
                .thrownBy(context.processorNodeId(), exception)
                .readFrom(context.topic(), context.partition(), context.offset())
                .source(source).sourceOrigin(origin).lineCount(raw.lineCount()).rejectedAt(settings.clock().instant());
        return Response.resume(List.of(new ProducerRecord<>(settings.dlqTopic(), null, context.sourceRawKey(), value, headers)));
    }

    private static String header(Headers headers, String name) {
        Header h = headers == null ? null : headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

}
