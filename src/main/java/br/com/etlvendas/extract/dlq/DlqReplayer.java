package br.com.etlvendas.extract.dlq;

import br.com.etlvendas.extract.format.FileReadException;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.sale.DlqHeaders;
import br.com.etlvendas.sale.ProducerSettings;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceHeaders;
import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Sends chosen DLQ records back through the pipeline: each one's payload goes to {@code sales.raw} keyed as
 * before, with its source headers and {@link DlqHeaders#REPLAY_OF} naming the DLQ record, so the current
 * validation (and, for a row its source could not map, the current mapping) decides again. All of one replay
 * goes in one Kafka transaction together with the marks of {@link ReplayLog}, so either every chosen record is
 * replayed and remembered, or none is. Records already replayed are left out; a sale already in the warehouse is
 * dropped by the pipeline's de-duplication or replaced by the loader's upsert, so nothing loads twice.
 */
public final class DlqReplayer implements AutoCloseable {

    /** Transactional id of every replay: a second replay running at the same time fences the first. */
    public static final String TRANSACTIONAL_ID = "etl-vendas-dlq-replay";

    /** What a replay would send for one DLQ record: the key, the payload, and the sale a source row now maps to. */
    public record Planned(DlqRecord record, String key, byte[] payload, Optional<RawSale> remapped) {

        /** Whether the record goes back as a sale the current mapping could not map either (it will be rejected again). */
        public boolean stillUnmappable() {
            return remapped.map(RawSale::isUnreadable).orElse(false);
        }
    }

    /** A DLQ record the replay leaves alone, and why. */
    public record Skipped(DlqRecord record, String why) {
    }

    /** A DLQ record that cannot be replayed until the user acts (no mapping for its source, its file unreadable). */
    public record Problem(DlqRecord record, String what) {
    }

    /** What a replay of the chosen records sends, leaves out, and cannot do. */
    public record Plan(List<Planned> send, List<Skipped> skipped, List<Problem> problems) {

        public long lines() {
            return send.stream().mapToLong(p -> p.record().lineCount()).sum();
        }
    }

    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private final Clock clock;

    /** Opens the replay's transactional producer, fencing any other replay and settling its open transaction. */
    public DlqReplayer(Topics topics, String bootstrapServers, Clock clock) {
        this.topics = topics;
        this.clock = clock;
        Properties p = ProducerSettings.durableBatched(bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "120000");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
    }

    /**
     * Decides what to send for each chosen record. A record already replayed ({@code replayedAt} its DLQ id,
     * e.g. {@link ReplayLog#replayedAt}), or itself rejected again when replayed (unless {@code replaysAgain}: named
     * one by one, so that a replay run twice does not send the same failing rows round again), or refused by the warehouse after
     * validation (its lines passed de-duplication, so through {@code sales.raw} they would only be dropped as
     * duplicates), is skipped; a source row is mapped again with {@code mappingFor} its record, and is a problem
     * when there is no mapping or its file's header cannot be read.
     */
    public static Plan plan(List<DlqRecord> chosen, Function<String, Optional<Instant>> replayedAt,
                            boolean replaysAgain, Function<DlqRecord, Optional<ColumnMapping>> mappingFor,
                            SourceRowRemapper remapper, Function<RawSale, byte[]> serializer) {
        List<Planned> send = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (DlqRecord r : chosen) {
            Optional<Instant> replayed = replayedAt.apply(r.id());
            if (replayed.isPresent()) {
                skipped.add(new Skipped(r, "already replayed at " + replayed.get()));
            } else if (r.replayOf().isPresent() && !replaysAgain) {
                skipped.add(new Skipped(r, "rejected again when " + r.replayOf().get() + " was replayed; name it with "
                        + "--ids to replay it once more"));
            } else if (r.refusedByWarehouse()) {
                skipped.add(new Skipped(r, "refused by the warehouse after validation: fix the warehouse, its lines "
                        + "are de-duplicated already and a replay through the pipeline would only drop them"));
            } else if (r.payload() == null) {
                skipped.add(new Skipped(r, "it has no payload to replay"));
            } else if (!r.sourceRow()) {
                send.add(new Planned(r, r.key(), r.payload(), Optional.empty()));
            } else {
                Optional<ColumnMapping> mapping = mappingFor.apply(r);
                if (mapping.isEmpty()) {
                    problems.add(new Problem(r, "no mapping for source '" + r.source() + "' among the configured sources; "
                            + "name the mapping file with --mapping"));
                    continue;
                }
                try {
                    RawSale sale = remapper.remap(r, mapping.get());
                    send.add(new Planned(r, keyOf(sale, r), serializer.apply(sale), Optional.of(sale)));
                } catch (FileReadException e) {
                    problems.add(new Problem(r, "cannot read the header of its file to map it again: " + e.getMessage()));
                }
            }
        }
        return new Plan(send, skipped, problems);
    }

    /** Keyed by sale id like every source keys its records, so a sale's lines meet on one partition; else as before. */
    private static String keyOf(RawSale sale, DlqRecord r) {
        return sale.saleId() != null && !sale.saleId().isBlank() ? sale.saleId().strip() : r.key();
    }

    /** Sends the plan and the marks of its records in one transaction; marks {@code log} too. */
    public void send(Plan plan, ReplayLog log) {
        if (plan.send().isEmpty()) {
            return;
        }
        Instant at = clock.instant();
        List<SourceState> marks = new ArrayList<>();
        producer.beginTransaction();
        try {
            for (Planned p : plan.send()) {
                DlqRecord r = p.record();
                ProducerRecord<String, byte[]> out = new ProducerRecord<>(topics.raw().name(), p.key(), p.payload());
                header(out, SourceHeaders.SOURCE, r.source());
                header(out, SourceHeaders.ORIGIN, r.sourceOrigin());
                header(out, DlqHeaders.REPLAY_OF, r.id());
                producer.send(out);
                SourceState mark = ReplayLog.mark(r, topics.raw().name(), at);
                marks.add(mark);
                producer.send(new ProducerRecord<>(topics.sourceState().name(), log.key(r.id()),
                        topics.sourceState().valueSerde().serializer().serialize(topics.sourceState().name(), mark)));
            }
            producer.commitTransaction();
        } catch (RuntimeException e) {
            try {
                producer.abortTransaction();
            } catch (RuntimeException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
        for (int i = 0; i < marks.size(); i++) {
            log.remember(plan.send().get(i).record().id(), marks.get(i));
        }
    }

    private static void header(ProducerRecord<String, byte[]> r, String name, String value) {
        if (value != null) {
            r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
