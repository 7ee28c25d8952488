package br.com.etlvendas.transform;

import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceHeaders;
import br.com.etlvendas.sale.Topic;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code sales.raw} payload without ever failing (an unreadable one becomes
 * {@link RawSale#unreadable}), keeps its exact bytes for the DLQ, and fills in the source and origin from
 * the record's headers where the payload does not name them. A row its source could not map is marked
 * ({@link DlqHeaders#PAYLOAD}) so that its DLQ record says its payload is that row's text; a record carrying
 * {@link DlqHeaders#REPLAY_OF} is marked as a replay for the books.
 */
final class ParseRawProcessor implements FixedKeyProcessor<String, byte[], Received> {

    private static final byte[] PAYLOAD_SOURCE_ROW = DlqHeaders.PAYLOAD_SOURCE_ROW.getBytes(StandardCharsets.UTF_8);

    private final Topic<String, RawSale> raw;
    private FixedKeyProcessorContext<String, Received> context;

    ParseRawProcessor(Topic<String, RawSale> raw) {
        this.raw = raw;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Received> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        RawSale parsed = raw.valueSerde().deserializer().deserialize(raw.name(), record.value());
        // a row its source could not map carries its own raw text: that, not our JSON envelope, is what the DLQ keeps
        boolean rejectedAtSource = parsed.isUnreadable() && parsed.source() != null && parsed.unreadablePayload() != null;
        byte[] payload = rejectedAtSource ? parsed.unreadablePayload().getBytes(StandardCharsets.UTF_8) : record.value();
        RawSale sale = parsed.withSourceIfMissing(header(record.headers(), SourceHeaders.SOURCE),
                header(record.headers(), SourceHeaders.ORIGIN));
        boolean replayed = record.headers().lastHeader(DlqHeaders.REPLAY_OF) != null;
        if (rejectedAtSource) {
            Headers marked = new RecordHeaders(record.headers().toArray());
            marked.add(DlqHeaders.PAYLOAD, PAYLOAD_SOURCE_ROW);
            context.forward(record.withValue(new Received(payload, sale, replayed)).withHeaders(marked));
        } else {
            context.forward(record.withValue(new Received(payload, sale, replayed)));
        }
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
