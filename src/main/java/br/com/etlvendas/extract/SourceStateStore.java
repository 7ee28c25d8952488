package br.com.etlvendas.extract;

import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topic;

import java.util.Optional;

/**
 * Reads the latest committed {@link SourceState} of every incremental source from the compacted
 * {@code etl.source.state} topic (read_committed, from the beginning, up to the topic's current end), so a
 * source restarts exactly after the records its last committed transaction covered. Writes nothing. Used by
 * one thread.
 * <p>
 * A source must initialise its transactional producer <em>before</em> reading here: that fences a previous
 * instance and aborts its open transaction, which would otherwise hold back the read_committed end.
 */
public final class SourceStateStore implements AutoCloseable {

    private final LatestCommitted<SourceState> states;

    public SourceStateStore(Topic<String, SourceState> topic, String bootstrapServers) {
        this.states = new LatestCommitted<>(topic, bootstrapServers);
    }

    /** The latest state committed for {@code source} up to now, reading the topic up to its current end first. */
    public Optional<SourceState> latest(String source) {
        catchUp();
        return states.get(source);
    }

    /** Reads every state committed up to now; fails after a minute rather than deciding on a partial view. */
    public void catchUp() {
        states.catchUp();
    }

    @Override
    public void close() {
        states.close();
    }
}
