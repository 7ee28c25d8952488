package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One record of {@code sales.dlq} as the DLQ tools see it: where it sits on the DLQ ({@link #id()}, the handle
 * {@code dlq replay --ids} takes), the original key and payload, and what its headers say about why and where
 * it was rejected.
 *
 * @param sourceRow whether the payload is the raw text of a row its source could not map, rather than the
 *                  record as {@code sales.raw} held it
 * @param replayOf  the DLQ id this record is itself a replay of, when a replay was rejected again
 */
public record DlqRecord(int partition, long offset, String key, byte[] payload, String stage, List<String> reasons,
                        String origin, String source, String sourceOrigin, int lineCount, Optional<Instant> rejectedAt,
                        boolean sourceRow, Optional<String> replayOf) {

    public DlqRecord {
        reasons = List.copyOf(reasons);
    }

    /** The record's DLQ position, {@code partition:offset}. */
    public String id() {
        return id(partition, offset);
    }

    public static String id(int partition, long offset) {
        return partition + ":" + offset;
    }

    /** Whether it was refused by the warehouse after validation (stage {@code load}) rather than rejected before. */
    public boolean refusedByWarehouse() {
        return DlqHeaders.STAGE_LOAD.equals(stage);
    }

    /** The file (or other place) the source read it from: the source origin without its {@code #L17} line part. */
    public Optional<String> originFile() {
        if (sourceOrigin == null) {
            return Optional.empty();
        }
        int hash = sourceOrigin.lastIndexOf('#');
        return Optional.of(hash < 0 ? sourceOrigin : sourceOrigin.substring(0, hash));
    }

    /** Reads a record as consumed from the DLQ; headers missing or unreadable are left empty, never fatal. */
    public static DlqRecord from(ConsumerRecord<String, byte[]> r) {
        Headers h = r.headers();
        String originTopic = text(h, DlqHeaders.ORIGIN_TOPIC);
        String origin = originTopic == null ? null : originTopic + "/" + text(h, DlqHeaders.ORIGIN_PARTITION) + "/"
                + text(h, DlqHeaders.ORIGIN_OFFSET);
        String payloadKind = text(h, DlqHeaders.PAYLOAD);
        return new DlqRecord(r.partition(), r.offset(), r.key(), r.value(), Optional.ofNullable(text(h, DlqHeaders.STAGE))
                .orElse("unknown"), reasons(text(h, DlqHeaders.REASONS)), origin, text(h, DlqHeaders.SOURCE),
                text(h, DlqHeaders.SOURCE_ORIGIN), lineCount(text(h, DlqHeaders.LINE_COUNT)),
                instant(text(h, DlqHeaders.REJECTED_AT)), DlqHeaders.PAYLOAD_SOURCE_ROW.equals(payloadKind),
                Optional.ofNullable(text(h, DlqHeaders.REPLAY_OF)));
    }

    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static List<String> reasons(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return SaleJson.mapper().readValue(json, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            return List.of(json);
        }
    }

    private static int lineCount(String text) {
        try {
            return text == null ? 1 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Optional<Instant> instant(String text) {
        try {
            return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
