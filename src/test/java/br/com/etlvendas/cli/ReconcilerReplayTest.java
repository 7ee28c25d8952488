package br.com.etlvendas.cli;

import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.load.postgres.WarehouseQueries.SourceLines;
import br.com.etlvendas.sale.Money;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The books with lines replayed from the DLQ: lines in are the published ones plus the replayed ones. */
class ReconcilerReplayTest {

    @Test
    void shouldBalanceWhenLinesOutAreThePublishedPlusTheReplayedOnes() {
        // given 100 lines published, 3 rejected; then those 3 replayed: 2 loaded, 1 rejected again
        Reconciler.Accounting a = new Reconciler.Accounting(99, Money.parse("99.00"), 4, 0, 0, 0, 3);

        // then lines out (103) are lines in: 100 published + 3 replayed
        assertThat(a.total()).isEqualTo(103);
        assertThat(a.balances(100)).isTrue();
        assertThat(a.balances(103)).isFalse();
        assertThat(new Reconciler.Accounting(99, Money.parse("99.00"), 4, 0, 0, 0, 0).balances(100))
                .as("the same figures without the replays counted do not balance").isFalse();
    }

    @Test
    void shouldNameTheReplayedLinesInAGeneratorRunsReconciliation() {
        // given a run of 100 lines whose 3 rejected lines were replayed: 2 loaded, 1 rejected again
        Reconciler.Accounting a = new Reconciler.Accounting(99, Money.parse("99.00"), 4, 0, 0, 0, 3);
        Reconciler.Result r = new Reconciler.Result(new GeneratorLedger.Snapshot(40, 100, 97, 3, 0, Money.parse("99.00")), a);

        // then
        assertThat(a.balances(100)).isTrue();
        assertThat(r.linesBalance()).isTrue();
        assertThat(r.line()).contains("loaded+rejected+duplicates=103 (OK)").endsWith("(lines in include 3 replayed from the DLQ)");
    }

    @Test
    void shouldWaitForReplayedLinesToBeReadAndAccountedFor() throws InterruptedException {
        // given a source whose books stood at 10 loaded and 2 rejected before 2 lines were replayed
        AtomicLong loaded = new AtomicLong(10);
        AtomicLong replayed = new AtomicLong(0);
        long[] now = {0};
        Reconciler.Ticker ticker = new Reconciler.Ticker() {
            @Override
            public long nanoTime() {
                return now[0];
            }

            @Override
            public void sleep(Duration d) {
                now[0] += d.toNanos();
                if (now[0] >= Duration.ofSeconds(2).toNanos()) {
                    replayed.set(2); // the pipeline reads both replays after 2 s…
                }
                if (now[0] >= Duration.ofSeconds(4).toNanos()) {
                    loaded.set(12); // …and the loader commits them after 4 s
                }
            }
        };
        Reconciler reconciler = new Reconciler(source -> new SourceLines(loaded.get(), Money.ZERO),
                source -> new Reconciler.PipelineCounts(loaded.get(), 2, 0, 0, replayed.get()), loaded::get, source -> 0, ticker);
        Reconciler.Accounting before = reconciler.measure("s");

        // when
        Reconciler.Accounting after = reconciler.awaitReplay("s", before, 2, Duration.ofSeconds(30));

        // then
        assertThat(after.loaded() - before.loaded()).isEqualTo(2);
        assertThat(after.replayed() - before.replayed()).isEqualTo(2);
        assertThat(now[0]).isBetween(Duration.ofSeconds(4).toNanos(), Duration.ofSeconds(10).toNanos());
    }
}
