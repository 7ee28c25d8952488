package br.com.etlvendas.transform;

import br.com.etlvendas.config.GeneratorConfig;
import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.extract.generator.GeneratorRun;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Topics;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generator's ledger against the pipeline's own figures, corrections and cancellations on: what the demo's
 * reconciliation checks against the warehouse, here without one.
 */
class GeneratorReconciliationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path stateDir;

    @Test
    void shouldBalanceEveryGeneratedLineAndTheLedgersRevenueWithCorrectionsAndCancellationsOn() {
        // given 5,000 generated records, with a high share of duplicates, corrections and cancellations
        GeneratorConfig config = new GeneratorConfig(true, 1000, 0.05, 0.10, 5, 42, 0.15, 0.10);
        GeneratorRun run = GeneratorRun.of(config, "g-recon", CLOCK, 5_000);
        assertThat(run.records()).extracting(GeneratorRun.Published::kind)
                .contains("VALID", "INVALID", "DUPLICATE", "CORRECTION", "CANCELLATION");

        // when they all go through the topology
        KpiTotals t = throughTheTopology(run);

        // then every line is accounted for once, and revenue is the ledger's to the cent
        GeneratorLedger.Snapshot ledger = run.ledger();
        assertThat(t.lines() + t.removedLines() + t.updatedLines() + t.rejectedLines() + t.duplicateLines() + t.staleLines())
                .isEqualTo(ledger.lines());
        assertThat(t.updatedLines()).isPositive();
        assertThat(t.removedLines()).isPositive();
        assertThat(t.revenue().amount()).isEqualByComparingTo(ledger.revenue().amount());
    }

    private KpiTotals throughTheTopology(GeneratorRun run) {
        try (SalesTopologyDriver t = SalesTopologyDriver.start(stateDir, CLOCK, Duration.ofSeconds(1))) {
            TopologyTestDriver driver = t.driver();
            Topics topics = t.topics();
            TestInputTopic<String, byte[]> raw = t.raw();
            for (GeneratorRun.Published r : run.records()) {
                raw.pipeInput(r.key(), r.payload(), CLOCK.instant());
            }
            driver.advanceWallClockTime(Duration.ofSeconds(2));
            Map<String, KpiTotals> totals = driver.createOutputTopic(topics.kpiTotals().name(),
                    topics.kpiTotals().keySerde().deserializer(), topics.kpiTotals().valueSerde().deserializer())
                    .readKeyValuesToMap();
            return totals.values().stream().reduce(KpiTotals::plus).orElseThrow();
        }
    }
}
