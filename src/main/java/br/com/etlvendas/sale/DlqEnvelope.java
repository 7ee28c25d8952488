package br.com.etlvendas.sale;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Writes the {@link DlqHeaders} of a rejected record onto its headers: the one DLQ contract (stage, every reason as
 * a JSON array, where it was read from, its source and origin, the lines it stands for, when) for every stage that
 * rejects — validation, transformation steps, Kafka Streams' exception handler, the warehouse loader. Each header
 * replaces one of the same name, so headers copied from the original record never say two things.
 */
public final class DlqEnvelope {

    private final Headers headers;

    private DlqEnvelope(Headers headers) {
        this.headers = headers;
    }

    /** Writes onto {@code headers} (changed in place). */
    public static DlqEnvelope on(Headers headers) {
        return new DlqEnvelope(headers);
    }

    public DlqEnvelope stage(String stage) {
        return set(DlqHeaders.STAGE, stage);
    }

    public DlqEnvelope reasons(List<String> reasons) {
        try {
            return set(DlqHeaders.REASONS, SaleJson.mapper().writeValueAsString(reasons));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write DLQ reasons as JSON", e);
        }
    }

    /** The topic, partition and offset the record was read from. */
    public DlqEnvelope readFrom(String topic, int partition, long offset) {
        return set(DlqHeaders.ORIGIN_TOPIC, topic)
                .set(DlqHeaders.ORIGIN_PARTITION, Integer.toString(partition))
                .set(DlqHeaders.ORIGIN_OFFSET, Long.toString(offset));
    }

    /** The source that published it; left out when unknown. */
    public DlqEnvelope source(String source) {
        return source == null ? this : set(DlqHeaders.SOURCE, source);
    }

    /** Where in its source it came from (file and line, request id); left out when unknown. */
    public DlqEnvelope sourceOrigin(String origin) {
        return origin == null ? this : set(DlqHeaders.SOURCE_ORIGIN, origin);
    }

    public DlqEnvelope lineCount(int lines) {
        return set(DlqHeaders.LINE_COUNT, Integer.toString(lines));
    }

    /** The step (or processor) that threw and the exception's class, for a record rejected by an exception. */
    public DlqEnvelope thrownBy(String step, Throwable exception) {
        return set(DlqHeaders.STEP, step).set(DlqHeaders.EXCEPTION, exception.getClass().getName());
    }

    public DlqEnvelope rejectedAt(Instant at) {
        return set(DlqHeaders.REJECTED_AT, at.toString());
    }

    private DlqEnvelope set(String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        return this;
    }
}
