package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.extract.generator.GeneratorSource;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run of the demo generator through a running pipeline, waited for until every line it produced is accounted for
 * (in the warehouse, the DLQ or the duplicate count, or replaced by a newer version of its sale), as the pipeline ITs
 * need it before they check what they are about.
 *
 * @param source     the run's source name (its lines' {@code source} column)
 * @param ledger     what the generator produced
 * @param accounting where each line went
 */
record GeneratedRun(String source, GeneratorLedger.Snapshot ledger, Reconciler.Accounting accounting) {

    /** Generates {@code sales} sale records named after {@code run}, and waits (2 min at most) until each line is accounted for. */
    static GeneratedRun accountedFor(PipelineRuntime runtime, LoadedConfig config, Infrastructure infra, String run,
                                     long sales) throws Exception {
        try (GeneratorSource generator = new GeneratorSource(runtime.topics.raw(), config.etl().generator(),
                infra.bootstrapServers, run, OptionalLong.of(sales), Clock.systemUTC())) {
            generator.run();
            GeneratorLedger.Snapshot ledger = generator.ledger().snapshot();
            Reconciler.Accounting a = Reconciler.of(runtime, source -> 0).await(generator.source(), ledger.lines(),
                    acc -> acc.total() == ledger.lines(), Duration.ofMinutes(2), Reconciler.Progress.NONE);
            assertThat(a.total()).as("lines of run %s accounted for", run).isEqualTo(ledger.lines());
            return new GeneratedRun(generator.source(), ledger, a);
        }
    }
}
