package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.extract.LatestCommitted;
import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topic;

import java.time.Instant;
import java.util.Optional;

/**
 * Which DLQ records have been replayed, remembered on the compacted {@code etl.source.state} topic: one key per
 * replayed record ({@code dlq-replay|<dlq topic>|<partition>:<offset>}), written in the same Kafka transaction as
 * the replay itself, so a record is replayed at most once however often {@code dlq replay} runs or fails.
 * Reads committed marks only. Used by one thread.
 */
public final class ReplayLog implements AutoCloseable {

    static final String SOURCE = "dlq-replay";

    private final String dlqTopic;
    private final LatestCommitted<SourceState> marks;

    public ReplayLog(Topic<String, SourceState> state, String dlqTopic, String bootstrapServers) {
        this.dlqTopic = dlqTopic;
        this.marks = new LatestCommitted<>(state, bootstrapServers);
    }

    /** Reads every mark committed up to now. */
    public ReplayLog catchUp() {
        marks.catchUp();
        return this;
    }

    /** When this DLQ record was replayed, if it was (as of the last {@link #catchUp}). */
    public Optional<Instant> replayedAt(String dlqId) {
        return marks.get(key(dlqId)).map(SourceState::at);
    }

    /** The key of a record's mark on the state topic. */
    String key(String dlqId) {
        return SOURCE + "|" + dlqTopic + "|" + dlqId;
    }

    /** The mark saying this record was replayed into {@code rawTopic} at {@code at}. */
    static SourceState mark(DlqRecord record, String rawTopic, Instant at) {
        return new SourceState(SOURCE, record.id() + " -> " + rawTopic, record.lineCount(), at);
    }

    void remember(String dlqId, SourceState mark) {
        marks.remember(key(dlqId), mark);
    }

    @Override
    public void close() {
        marks.close();
    }
}
