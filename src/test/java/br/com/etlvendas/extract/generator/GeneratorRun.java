package br.com.etlvendas.extract.generator;

import br.com.etlvendas.config.GeneratorConfig;
import br.com.etlvendas.sale.RawSaleSerde;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives the generator without Kafka, for tests in other packages: the records it would publish, each entered in
 * its ledger as if Kafka had acknowledged it.
 */
public final class GeneratorRun {

    /** One record as it would go to {@code sales.raw}. */
    public record Published(String key, byte[] payload, String kind) {
    }

    private final List<Published> records;
    private final GeneratorLedger.Snapshot ledger;

    private GeneratorRun(List<Published> records, GeneratorLedger.Snapshot ledger) {
        this.records = records;
        this.ledger = ledger;
    }

    public static GeneratorRun of(GeneratorConfig config, String runId, Clock clock, int count) {
        SaleGenerator generator = new SaleGenerator(config, runId, new RawSaleSerde().serializer(), clock, config.seed());
        GeneratorLedger ledger = new GeneratorLedger();
        List<Published> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            GeneratedRecord r = generator.next();
            ledger.record(r);
            records.add(new Published(r.key(), r.payload(), r.kind().name()));
        }
        return new GeneratorRun(records, ledger.snapshot());
    }

    public List<Published> records() {
        return records;
    }

    public GeneratorLedger.Snapshot ledger() {
        return ledger;
    }

    public String source(String runId) {
        return "generator:" + runId;
    }
}
