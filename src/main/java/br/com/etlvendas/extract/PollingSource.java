package br.com.etlvendas.extract;

import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What every polling source (a database, an API) does around its own reading: a transactional publisher,
 * (re)started after a failure and resumed from the source's last committed {@link SourceState}; a loop that
 * polls until caught up, then waits a poll interval; Kafka outages retried with back-off; another instance
 * taking over the transactional id stops this one; anything unforeseen starts over from the committed state
 * rather than letting the source die. A subclass says how to resume, how to poll once, and which of its own
 * failures it handles.
 */
public abstract class PollingSource implements Runnable, AutoCloseable {

    private final String name;
    /** What the source calls one of its records in messages: "row", "item". */
    private final String recordNoun;
    private final Topics topics;
    private final String bootstrapServers;
    private final String transactionalId;
    private final Duration pollInterval;
    private final Logger log;
    private final PollingLoop loop;

    // used by the running thread only (and by close() once it has ended)
    private SourcePublisher publisher;

    protected PollingSource(String name, String recordNoun, Topics topics, String bootstrapServers, String transactionalId,
                            Duration pollInterval, Logger log) {
        this.name = name;
        this.recordNoun = recordNoun;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
        this.pollInterval = pollInterval;
        this.log = log;
        this.loop = new PollingLoop(name);
    }

    /** Takes up the source's last committed state (none on the first run). */
    protected abstract void resume(Optional<SourceState> state);

    /** Reads and publishes what is new, in transactions with its state; true when the source is caught up. */
    protected abstract boolean pollOnce() throws Exception;

    /**
     * Handles a failure of the source's own system (database, API) and answers true, waiting as it sees fit;
     * false leaves it to be treated as unforeseen.
     */
    protected boolean handled(Exception e) throws InterruptedException {
        return false;
    }

    /** Releases the source's own resources after an unforeseen failure or on close (e.g. a connection). */
    protected void release() {
    }

    @Override
    public final void run() {
        loop.start();
        try {
            while (loop.running()) {
                try {
                    if (publisher == null) {
                        connect();
                    }
                    boolean caughtUp = pollOnce();
                    loop.succeeded();
                    if (caughtUp && pause(pollInterval)) {
                        break;
                    }
                } catch (ProducerFencedException e) {
                    log.error("Source {}: another instance took over its transactional id {}; this one stops", name,
                            transactionalId);
                    return;
                } catch (KafkaException | IllegalStateException e) {
                    // the open transaction (if any) is aborted by closing; resume re-reads what was committed
                    closeKafka();
                    loop.backOff(log, "Kafka unavailable (" + e.getMessage() + ")");
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    if (!handled(e)) {
                        log.error("Source {}: unexpected failure ({}); starting again from the last committed state in {}",
                                name, e.getMessage(), pollInterval, e);
                        closeKafka();
                        release();
                        pause(pollInterval);
                    }
                }
            }
        } catch (InterruptedException e) {
            if (loop.running()) {
                Thread.currentThread().interrupt();
            }
        } finally {
            loop.finished();
        }
    }

    /** Starts the transactional producer (fencing an older instance), then resumes from the committed state. */
    private void connect() {
        SourcePublisher fresh = new SourcePublisher(topics.raw(), bootstrapServers, transactionalId);
        try (SourceStateStore states = new SourceStateStore(topics.sourceState(), bootstrapServers)) {
            resume(states.latest(name));
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        publisher = fresh;
    }

    /** The open publisher; only while polling. */
    protected final SourcePublisher publisher() {
        return publisher;
    }

    protected final Topics topics() {
        return topics;
    }

    /** Waits, unless a stop is requested meanwhile; true when it was. */
    protected final boolean pause(Duration d) throws InterruptedException {
        return loop.pause(d);
    }

    /** After a failure of the source's own system that someone else must fix: waits the back-off, then doubles it. */
    protected final void backOff(String what) throws InterruptedException {
        loop.backOff(log, what);
    }

    /**
     * A record read from the source as a sale: through the mapping, or, should the mapping itself fail,
     * as rejected with that failure, so that one record never stops the source.
     *
     * @param text the record as published in the DLQ, {@link #render rendered} from {@code data}
     */
    protected final RawSale map(RowMapper mapper, long number, JsonNode data, String text, String origin) {
        try {
            return mapper.map(new SourceRow(number, data, text), origin).withSource(name);
        } catch (RuntimeException e) {
            log.error("Source {}: mapping {} {} failed; publishing it as rejected", name, recordNoun, origin, e);
            return RawSale.rejectedAtSource(text, List.of("the mapping failed on this " + recordNoun + ": " + e), name, origin);
        }
    }

    /** A record read from the source as JSON text, for the DLQ. */
    protected final String render(JsonNode data) {
        try {
            return SaleJson.mapper().writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render a " + recordNoun + " read from source " + name + " as JSON", e);
        }
    }

    private void closeKafka() {
        loop.closeQuietly(publisher, log);
        publisher = null;
    }

    /** Stops after the batch or page in progress (committed or not at all), then releases Kafka and the source. */
    @Override
    public void close() {
        loop.stopAndWait(log);
        closeKafka();
        release();
    }
}
