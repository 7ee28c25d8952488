package br.com.etlvendas.cli;

import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.load.postgres.WarehouseQueries.SourceLines;
import br.com.etlvendas.sale.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    private static final long LINES = 1_000_000;

    private final FakeTicker ticker = new FakeTicker();

    @Test
    void shouldCountLinesTheWarehouseRefusedAsRejectedAndSaySo() {
        Reconciler.Accounting a = new Reconciler.Accounting(95, Money.parse("100.00"), 3, 2, 0);

        assertThat(a.rejected()).isEqualTo(5);
        assertThat(a.total()).isEqualTo(100);
        Reconciler.Result r = new Reconciler.Result(new GeneratorLedger.Snapshot(40, 100, 97, 3, 0, Money.parse("100")), a);
        assertThat(r.balanced()).isTrue();
        assertThat(r.line()).contains("loaded=95 rejected=5 duplicates=0 loaded+rejected+duplicates=100 (OK)")
                .endsWith("(OK) (rejected includes 2 refused by the warehouse after validation)");
    }

    @Test
    void shouldBalanceLinesThatVersionsUpdatedRemovedOrFoundStaleAndNameThem() {
        // given a warehouse holding 90 lines after newer versions removed 5, updated 3, and 2 lines were stale
        Reconciler.Accounting a = new Reconciler.Accounting(90, Money.parse("50.00"), 4, 0, 6, 0, 0,
                new Reconciler.Versions(3, 5, 2));

        // then all 110 published lines are accounted for, and the line names every figure
        assertThat(a.total()).isEqualTo(110);
        assertThat(a.balances(110)).isTrue();
        assertThat(a.balances(111)).isFalse();
        assertThat(a.sum()).isEqualTo("duplicates=6 updated=3 removed=5 stale=2 loaded+removed+updated+rejected+duplicates+stale=110");
    }

    @Test
    void shouldKeepTheShortReconciliationWhenNoVersionChangedAnything() {
        Reconciler.Accounting a = new Reconciler.Accounting(10, Money.ZERO, 1, 0, 2);

        assertThat(a.sum()).isEqualTo("duplicates=2 loaded+rejected+duplicates=13");
    }

    @Test
    void shouldCountWhatVersionsAccountForAmongThePipelinesFigures() {
        Reconciler.PipelineCounts c = new Reconciler.PipelineCounts(90, 4, 6, 0, 0, new Reconciler.Versions(3, 5, 2));

        assertThat(c.total()).isEqualTo(110);
    }

    @Test
    void shouldSayNothingMoreWhenTheWarehouseRefusedNothing() {
        Reconciler.Accounting a = new Reconciler.Accounting(10, Money.ZERO, 1, 0, 2);

        assertThat(a.total()).isEqualTo(13);
        assertThat(a.refusalNote()).isEmpty();
    }

    @Test
    void shouldKeepWaitingPastTheTimeoutWhileLinesKeepBeingLoaded() throws InterruptedException {
        Load load = new Load(200_000, 20_000); // Streams done in 5 s, the loader in 48.5 s

        Reconciler.Accounting a = await(load, Duration.ofSeconds(10));

        assertThat(a.total()).isEqualTo(LINES);
        assertThat(a.loaded()).isEqualTo(load.valid());
        assertThat(ticker.seconds()).isBetween(48.5, 50.0);
        assertThat(load.counts).as("warehouse counts").isLessThanOrEqualTo(15);
    }

    @Test
    void shouldGiveUpOnceNothingHasMovedForTheTimeout() throws InterruptedException {
        Load load = new Load(200_000, 20_000);
        load.loaderStopsAt = 40; // 800 000 lines loaded, then nothing more

        Reconciler.Accounting a = await(load, Duration.ofSeconds(30));

        assertThat(a.loaded()).isEqualTo(800_000);
        assertThat(a.total()).isLessThan(LINES);
        assertThat(ticker.seconds()).as("30 s after the last line was loaded, not after the wait began")
                .isBetween(70.0, 76.0);
        assertThat(load.counts).as("once counting shows nothing new, a count every 5 s, not at every poll")
                .isLessThanOrEqualTo(20);
    }

    @Test
    void shouldNotCountInTheWarehouseAtEveryPollWhileFarFromBalance() throws InterruptedException {
        Load load = new Load(10_000, 50_000); // Streams takes 100 s; the loader keeps up

        Reconciler.Accounting a = await(load, Duration.ofMinutes(2));

        assertThat(a.total()).isEqualTo(LINES);
        assertThat(ticker.polls).as("polls").isGreaterThan(350);
        assertThat(load.counts).as("warehouse counts, one every 5 s or so").isBetween(15, 30);
    }

    @Test
    void shouldSpendAtMostASixthOfTheWaitCountingWhenCountingIsSlow() throws InterruptedException {
        Load load = new Load(1_000_000, 20_000);
        load.countTakes = Duration.ofSeconds(2);
        Reconciler reconciler = new Reconciler(load::count, load::pipeline, () -> 0, source -> 0, ticker);

        Reconciler.Accounting a = reconciler.await("s", LINES, acc -> acc.total() == LINES, Duration.ofMinutes(2),
                Reconciler.Progress.NONE);

        assertThat(a.total()).isEqualTo(LINES);
        assertThat(load.countingNanos / (double) ticker.now).as("share of the wait spent counting").isLessThanOrEqualTo(0.2);
    }

    @Test
    void shouldReturnAsSoonAsTheWarehouseBalances() throws InterruptedException {
        Load load = new Load(1_000_000, 1_000_000); // all passed on and loaded after 1 s

        Reconciler.Accounting a = await(load, Duration.ofMinutes(2));

        assertThat(a.total()).isEqualTo(LINES);
        assertThat(ticker.seconds()).isLessThanOrEqualTo(1.5);
    }

    @Test
    void shouldCountOnceAndNotWaitWhenTheBooksAlreadyBalance() throws InterruptedException {
        Load load = new Load(1_000_000, 1_000_000);
        ticker.now = Duration.ofSeconds(10).toNanos();

        Reconciler.Accounting a = await(load, Duration.ofMinutes(2));

        assertThat(a.total()).isEqualTo(LINES);
        assertThat(load.counts).isEqualTo(1);
        assertThat(ticker.polls).isZero();
    }

    @Test
    void shouldReportLinesAccountedForBetweenCounts() throws InterruptedException {
        Load load = new Load(200_000, 20_000);
        List<Long> accounted = new ArrayList<>();
        Reconciler reconciler = new Reconciler(load::count, load::pipeline, load::loaded, source -> 0, ticker);

        reconciler.await("s", LINES, acc -> acc.total() == LINES, Duration.ofMinutes(2),
                (lines, expected) -> accounted.add(lines));

        assertThat(accounted).hasSizeGreaterThan(load.counts * 4).isSorted();
        assertThat(accounted.get(accounted.size() - 1)).isEqualTo(LINES);
        assertThat(accounted.get(accounted.size() / 2)).as("halfway through the wait").isBetween(400_000L, 600_000L);
    }

    @Test
    void shouldKeepWaitingWhileTheWarehouseCannotBeRead() throws InterruptedException {
        Load load = new Load(200_000, 100_000);
        int[] failures = {0};
        Reconciler reconciler = new Reconciler(source -> {
            if (ticker.seconds() < 8) {
                failures[0]++;
                throw new SQLException("connection refused", "08001");
            }
            return load.count(source);
        }, load::pipeline, load::loaded, source -> 0, ticker);

        Reconciler.Accounting a = reconciler.await("s", LINES, acc -> acc.total() == LINES, Duration.ofSeconds(5),
                Reconciler.Progress.NONE);

        assertThat(failures[0]).isPositive();
        assertThat(a.total()).isEqualTo(LINES);
    }

    @Test
    void shouldCountLinesTheWarehouseRefusedWhileWaiting() throws InterruptedException {
        Load load = new Load(200_000, 20_000);
        load.refused = 1_000;
        int[] reads = {0};
        Reconciler reconciler = new Reconciler(load::count, load::pipeline, load::loaded, source -> {
            reads[0]++;
            return load.refused(source);
        }, ticker);

        Reconciler.Accounting a = reconciler.await("s", LINES, acc -> acc.total() == LINES, Duration.ofSeconds(10),
                Reconciler.Progress.NONE);

        assertThat(a.total()).isEqualTo(LINES);
        assertThat(a.refusedByWarehouse()).isEqualTo(1_000);
        assertThat(reads[0]).as("the DLQ read at most once a second").isLessThanOrEqualTo((int) ticker.seconds() + 2);
    }

    @Test
    void shouldWaitForTheRevenueToMatchTheLedgerToo() throws InterruptedException {
        Load load = new Load(1_000_000, 1_000_000);
        load.revenueLagsUntil = 20;
        Reconciler reconciler = new Reconciler(load::count, load::pipeline, load::loaded, source -> 0, ticker);
        GeneratorLedger.Snapshot ledger = new GeneratorLedger.Snapshot(400_000, LINES, load.valid(), load.rejected,
                load.duplicates, Money.of(BigDecimal.valueOf(load.valid())));

        Reconciler.Result r = reconciler.awaitBalanced("s", ledger, Duration.ofMinutes(2));

        assertThat(r.balanced()).as(r.line()).isTrue();
        assertThat(ticker.seconds()).isBetween(20.0, 26.0);
    }

    private Reconciler.Accounting await(Load load, Duration settleTimeout) throws InterruptedException {
        return new Reconciler(load::count, load::pipeline, load::loaded, source -> 0, ticker)
                .await("s", LINES, acc -> acc.total() == LINES, settleTimeout, Reconciler.Progress.NONE);
    }

    /** Time that passes only when the reconciler sleeps, or when a count takes it. */
    private static final class FakeTicker implements Reconciler.Ticker {

        long now;
        int polls;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(Duration d) {
            polls++;
            now += d.toNanos();
        }

        double seconds() {
            return now / 1e9;
        }
    }

    /**
     * One source's {@link #LINES} lines, 2 % rejected and 1 % duplicates: Streams passes them on at one rate, the
     * loader commits them at another (never ahead of Streams), and the warehouse counts what was committed. Each
     * valid line is worth 1.00 of completed revenue.
     */
    private final class Load {

        final long rejected = LINES / 50;
        final long duplicates = LINES / 100;
        final double streamsPerSecond;
        final double loaderPerSecond;
        double loaderStopsAt = Double.MAX_VALUE;
        double revenueLagsUntil;
        Duration countTakes = Duration.ofMillis(200);
        long refused;
        int counts;
        long countingNanos;

        Load(double streamsPerSecond, double loaderPerSecond) {
            this.streamsPerSecond = streamsPerSecond;
            this.loaderPerSecond = loaderPerSecond;
        }

        long valid() {
            return LINES - rejected - duplicates - refused;
        }

        private long seen(double seconds) {
            return Math.min(LINES, (long) (streamsPerSecond * seconds));
        }

        Reconciler.PipelineCounts pipeline(String source) {
            long seen = seen(ticker.seconds());
            long rejectedSoFar = seen * rejected / LINES;
            long duplicatesSoFar = seen * duplicates / LINES;
            return new Reconciler.PipelineCounts(seen - rejectedSoFar - duplicatesSoFar, rejectedSoFar, duplicatesSoFar);
        }

        /** Lines the loader committed (refused ones excepted), as its counter says. */
        long loaded() {
            double t = Math.min(ticker.seconds(), loaderStopsAt);
            long passed = pipeline(null).passed();
            long done = Math.min(passed, (long) (loaderPerSecond * t));
            return done * valid() / (LINES - rejected - duplicates);
        }

        long refused(String source) {
            long passed = pipeline(source).passed();
            long done = Math.min(passed, (long) (loaderPerSecond * Math.min(ticker.seconds(), loaderStopsAt)));
            return done * refused / (LINES - rejected - duplicates);
        }

        SourceLines count(String source) {
            counts++;
            ticker.now += countTakes.toNanos();
            countingNanos += countTakes.toNanos();
            long lines = loaded();
            long revenue = ticker.seconds() < revenueLagsUntil ? lines - 1 : lines;
            return new SourceLines(lines, Money.of(BigDecimal.valueOf(revenue)));
        }
    }
}
