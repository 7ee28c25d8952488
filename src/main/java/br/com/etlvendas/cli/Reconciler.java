package br.com.etlvendas.cli;

import br.com.etlvendas.extract.LatestCommitted;
import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.load.postgres.WarehouseQueries;
import br.com.etlvendas.load.postgres.WarehouseQueries.SourceLines;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.Topic;
import br.com.etlvendas.serve.KpiTotalsView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Accounts for one source's records: every line it published must be in the warehouse, rejected to the
 * DLQ (by validation, or refused by the warehouse itself), or dropped as a duplicate; lines replayed from the
 * DLQ ({@code dlq replay}) enter the books once more, so lines in are the published plus the replayed ones.
 * Waits until the books balance, or until its figures have stood still for the settle timeout.
 *
 * <p>Only the warehouse's own count decides, but counting a source's rows costs PostgreSQL a scan of them and
 * slows the very load being waited for. So the wait polls cheap figures (the KPI view's counts, the loader's
 * counter of committed lines) and counts in the warehouse only when they say the books could balance now, or
 * every few seconds otherwise; always leaving {@value #EXACT_SPACING}× the last count's duration between
 * counts, so that counting takes at most a sixth of the wait.
 */
final class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);

    private static final Duration POLL = Duration.ofMillis(250);
    /** Counting in the warehouse while the cheap figures say the books cannot balance yet: a fallback if they lag. */
    private static final Duration EXACT_EVERY = Duration.ofSeconds(5);
    /** Idle time after a count, in multiples of that count's duration. */
    private static final int EXACT_SPACING = 5;
    /** The loader's counter standing still this long means it has nothing more to write for now. */
    private static final Duration LOADER_STILL = Duration.ofSeconds(1);
    /** How often the DLQ is read for lines the warehouse refused, while waiting for the books to balance. */
    private static final Duration REFUSALS_EVERY = Duration.ofSeconds(1);

    private final WarehouseCount warehouse;
    private final Function<String, PipelineCounts> pipeline;
    private final LongSupplier loaderLines;
    private final ToLongFunction<String> refusedByWarehouse;
    private final Ticker ticker;
    private long refusedReadAt;
    private long refused;

    /**
     * @param warehouse          the exact figures, e.g. {@link WarehouseQueries#linesForSource}
     * @param pipeline           one source's lines as the pipeline counted them, e.g. from the KPI view
     * @param loaderLines        lines the loader committed so far, any source: a progress signal only
     * @param refusedByWarehouse lines of a source the warehouse refused, e.g. {@link RejectionReport#linesRefusedByWarehouse}
     */
    Reconciler(WarehouseCount warehouse, Function<String, PipelineCounts> pipeline, LongSupplier loaderLines,
               ToLongFunction<String> refusedByWarehouse, Ticker ticker) {
        this.warehouse = warehouse;
        this.pipeline = pipeline;
        this.loaderLines = loaderLines;
        this.refusedByWarehouse = refusedByWarehouse;
        this.ticker = ticker;
        this.refusedReadAt = ticker.nanoTime() - REFUSALS_EVERY.toNanos();
    }

    /**
     * Counting only what the pipeline rejected (the warehouse refusing a validated sale is left out), without the
     * loader's counter: the warehouse is then counted once the KPI figures add up, or every few seconds.
     */
    Reconciler(WarehouseQueries warehouse, KpiTotalsView kpis) {
        this(warehouse::linesForSource, countsFrom(kpis), () -> 0, source -> 0, Ticker.SYSTEM);
    }

    /** Reading the running pipeline's warehouse, KPI view and loader. */
    static Reconciler of(PipelineRuntime runtime, ToLongFunction<String> refusedByWarehouse) {
        return new Reconciler(new WarehouseQueries(runtime.warehouse())::linesForSource, countsFrom(runtime.kpis()),
                runtime.loader()::loadedLines, refusedByWarehouse, Ticker.SYSTEM);
    }

    /**
     * Counting the pipeline's figures as the KPI topic holds them now, read to its end, rather than through the KPI
     * view, which may still be catching up: the figures a replay's outcome is measured from.
     */
    static Reconciler baseline(PipelineRuntime runtime, Topic<String, KpiTotals> kpiTopic, String bootstrapServers,
                               ToLongFunction<String> refusedByWarehouse) {
        List<KpiTotals> totals;
        try (LatestCommitted<KpiTotals> latest = new LatestCommitted<>(kpiTopic, bootstrapServers)) {
            latest.catchUp();
            totals = latest.values();
        }
        Function<String, PipelineCounts> counts = source -> {
            KpiTotals sum = KpiTotals.empty(source, -1);
            for (KpiTotals t : totals) {
                if (t.source().equals(source)) {
                    sum = sum.plus(t);
                }
            }
            return new PipelineCounts(sum.lines(), sum.rejectedLines(), sum.duplicateLines(), sum.filteredLines(),
                    sum.replayedLines());
        };
        return new Reconciler(new WarehouseQueries(runtime.warehouse())::linesForSource, counts, () -> 0,
                refusedByWarehouse, Ticker.SYSTEM);
    }

    private static Function<String, PipelineCounts> countsFrom(KpiTotalsView kpis) {
        return source -> PipelineCounts.of(kpis.total(t -> t.source().equals(source)));
    }

    /** Where the lines of {@code source} are now, counted in the warehouse. */
    Accounting measure(String source) {
        SourceLines wh = count(source).orElse(new SourceLines(0, Money.ZERO));
        PipelineCounts kpi = pipeline.apply(source);
        return new Accounting(wh.lines(), wh.revenue(), kpi.rejected(), refused(source), kpi.duplicates(), kpi.filtered(),
                kpi.replayed());
    }

    private Optional<SourceLines> count(String source) {
        try {
            return Optional.of(warehouse.linesOf(source));
        } catch (SQLException e) {
            log.warn("Cannot read warehouse totals yet: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private long refused(String source) {
        if (ticker.nanoTime() - refusedReadAt >= REFUSALS_EVERY.toNanos()) {
            refused = refusedByWarehouse.applyAsLong(source);
            refusedReadAt = ticker.nanoTime();
        }
        return refused;
    }

    /**
     * Waits until {@code balanced} holds for the warehouse's figures, or until no figure has moved for {@code
     * settleTimeout}; returns the last accounting, counted in the warehouse.
     *
     * @param expected lines the source published: the cheap figures reaching it says the books could balance
     * @param progress told after every poll how many lines are accounted for (estimated between counts)
     */
    Accounting await(String source, long expected, Predicate<Accounting> balanced, Duration settleTimeout,
                     Progress progress) throws InterruptedException {
        return new Settling(source, expected, settleTimeout.toNanos()).run(balanced, progress);
    }

    /**
     * Waits until the lines just replayed into {@code source} are accounted for: the pipeline has read them
     * ({@code replayedLines} more than {@code before}) and loaded, rejected or dropped as many lines more than
     * {@code before}; or until no figure has moved for {@code settleTimeout}.
     */
    Accounting awaitReplay(String source, Accounting before, long replayedLines, Duration settleTimeout)
            throws InterruptedException {
        return await(source, before.total() + replayedLines, a -> a.replayed() - before.replayed() >= replayedLines
                && a.total() - before.total() == a.replayed() - before.replayed(), settleTimeout, Progress.NONE);
    }

    /** A generator run checked against its ledger, revenue included. */
    Result awaitBalanced(String source, GeneratorLedger.Snapshot ledger, Duration settleTimeout) throws InterruptedException {
        return new Result(ledger, await(source, ledger.lines(), a -> new Result(ledger, a).balanced(), settleTimeout,
                Progress.NONE));
    }

    /** One wait: the last figures seen, when they last moved, and when the warehouse was last counted. */
    private final class Settling {

        private final String source;
        private final long expected;
        private final long settleTimeout;
        private SourceLines exact = new SourceLines(0, Money.ZERO);
        private long loaderAtExact;
        private long exactEndedAt;
        private long exactTook;
        private PipelineCounts counts;
        private long refusedNow;
        private long loader;
        private long loaderMovedAt;
        private long bestEstimate = -1;
        private long movedAt;

        Settling(String source, long expected, long settleTimeout) {
            this.source = source;
            this.expected = expected;
            this.settleTimeout = settleTimeout;
            this.movedAt = ticker.nanoTime();
            this.loader = loaderLines.getAsLong();
            this.loaderMovedAt = movedAt;
        }

        Accounting run(Predicate<Accounting> balanced, Progress progress) throws InterruptedException {
            Accounting a = countExactly();
            while (!balanced.test(a)) {
                if (stalled()) {
                    a = countExactly(); // the warehouse has the last word, counted now; it may show progress too
                    if (stalled()) {
                        break;
                    }
                    continue;
                }
                ticker.sleep(POLL);
                readCheapFigures();
                progress.accounted(estimate(), expected);
                if (countDue()) {
                    a = countExactly();
                }
            }
            return a;
        }

        private boolean stalled() {
            return ticker.nanoTime() - movedAt >= settleTimeout;
        }

        private Accounting countExactly() {
            long loaderBefore = loaderLines.getAsLong();
            long started = ticker.nanoTime();
            Optional<SourceLines> counted = count(source);
            exactEndedAt = ticker.nanoTime();
            exactTook = exactEndedAt - started;
            counted.ifPresent(lines -> {
                if (lines.lines() != exact.lines() || !lines.revenue().sameAmountAs(exact.revenue())) {
                    movedAt = exactEndedAt;
                }
                exact = lines;
                loaderAtExact = loaderBefore;
            });
            readCheapFigures();
            return new Accounting(exact.lines(), exact.revenue(), counts.rejected(), refusedNow, counts.duplicates(),
                    counts.filtered(), counts.replayed());
        }

        private void readCheapFigures() {
            long now = ticker.nanoTime();
            PipelineCounts c = pipeline.apply(source);
            long r = refused(source);
            long l = loaderLines.getAsLong();
            if (!c.equals(counts) || r != refusedNow) {
                movedAt = now;
            }
            if (l != loader) {
                loaderMovedAt = now;
            }
            counts = c;
            refusedNow = r;
            loader = l;
            long estimate = estimate();
            if (estimate > bestEstimate) {
                bestEstimate = estimate;
                movedAt = now;
            }
        }

        /**
         * Lines accounted for: the last count plus what the loader committed since. Its counter covers every source,
         * so the guess is capped by what the pipeline passed on, and only a new high counts as progress.
         */
        private long estimate() {
            return loadedEstimate() + counts.rejected() + refusedNow + counts.duplicates() + counts.filtered();
        }

        private long loadedEstimate() {
            long since = Math.max(0, loader - loaderAtExact);
            return Math.max(exact.lines(), Math.min(exact.lines() + since, counts.passed() - refusedNow));
        }

        /**
         * Whether to count in the warehouse now: soon when the cheap figures say the books could balance and something
         * moved since the last count (else a count would only repeat it), every few seconds otherwise; and never sooner
         * after the last count than {@code EXACT_SPACING}× its duration.
         */
        private boolean countDue() {
            long now = ticker.nanoTime();
            boolean loaderDone = loadedEstimate() >= counts.passed() - refusedNow
                    || now - loaderMovedAt >= LOADER_STILL.toNanos();
            boolean movedSinceCount = movedAt >= exactEndedAt || loaderMovedAt >= exactEndedAt;
            boolean soon = counts.total() >= expected && loaderDone && movedSinceCount;
            long gap = Math.max((soon ? POLL : EXACT_EVERY).toNanos(), EXACT_SPACING * exactTook);
            return now - exactEndedAt >= gap;
        }
    }

    /** The warehouse's own count of one source's lines: exact, and costly. */
    @FunctionalInterface
    interface WarehouseCount {
        SourceLines linesOf(String source) throws SQLException;
    }

    /**
     * One source's lines as the pipeline counted them: passed on to the warehouse, rejected, dropped as duplicates,
     * left out by a filter step; and read again from the DLQ ({@code dlq replay}).
     */
    record PipelineCounts(long passed, long rejected, long duplicates, long filtered, long replayed) {

        PipelineCounts(long passed, long rejected, long duplicates) {
            this(passed, rejected, duplicates, 0, 0);
        }

        static PipelineCounts of(KpiTotalsView.KpiSummary kpi) {
            return new PipelineCounts(kpi.lines(), kpi.rejectedLines(), kpi.duplicateLines(), kpi.filteredLines(),
                    kpi.replayedLines());
        }

        /** Lines out of the pipeline: passed on, rejected, dropped or filtered out. */
        long total() {
            return passed + rejected + duplicates + filtered;
        }
    }

    /** Time, so that a test can wait minutes in no time. */
    interface Ticker {

        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration d) throws InterruptedException {
                Thread.sleep(d.toMillis());
            }
        };

        long nanoTime();

        void sleep(Duration d) throws InterruptedException;
    }

    /** Told, while waiting, how many of the expected lines are accounted for. */
    @FunctionalInterface
    interface Progress {

        Progress NONE = (lines, expected) -> { };

        void accounted(long lines, long expected);
    }

    /**
     * Lines of one source: loaded (with their revenue, completed sales only), rejected (by validation, plus
     * {@code refusedByWarehouse} the warehouse refused after validation), dropped as duplicates, left out on
     * purpose by a {@code filter} transformation step; and how many lines were replayed from the DLQ, which entered
     * the books a second time.
     */
    record Accounting(long loaded, Money revenue, long rejectedByPipeline, long refusedByWarehouse, long duplicates,
                      long filtered, long replayed) {

        /** With no line filtered out and none replayed. */
        Accounting(long loaded, Money revenue, long rejectedByPipeline, long refusedByWarehouse, long duplicates) {
            this(loaded, revenue, rejectedByPipeline, refusedByWarehouse, duplicates, 0, 0);
        }

        /** Whether every line in, the {@code published} ones and the replayed ones, is accounted for. */
        boolean balances(long published) {
            return total() == published + replayed;
        }

        /** Every rejected line, wherever it was rejected. */
        long rejected() {
            return rejectedByPipeline + refusedByWarehouse;
        }

        /** Lines out: loaded, rejected, dropped as duplicates or filtered out. */
        long total() {
            return loaded + rejected() + duplicates + filtered;
        }

        /**
         * The figures and their sum as the reconciliation line shows them: {@code duplicates=D loaded+rejected+duplicates=T},
         * with {@code filtered=F} and {@code +filtered} in the sum when a filter step left lines out.
         */
        String sum() {
            return filtered == 0
                    ? String.format("duplicates=%d loaded+rejected+duplicates=%d", duplicates, total())
                    : String.format("duplicates=%d filtered=%d loaded+rejected+duplicates+filtered=%d", duplicates, filtered, total());
        }

        /** Said after a reconciliation line when lines were replayed from the DLQ, so the books read right. */
        String replayNote() {
            return replayed == 0 ? "" : String.format(" (lines in include %d replayed from the DLQ)", replayed);
        }

        /** Said after a reconciliation line when the warehouse refused lines, so the rejected count is explained. */
        String refusalNote() {
            return refusedByWarehouse == 0 ? ""
                    : String.format(" (rejected includes %d refused by the warehouse after validation)", refusedByWarehouse);
        }
    }

    record Result(GeneratorLedger.Snapshot ledger, Accounting accounting) {

        boolean linesBalance() {
            return accounting.balances(ledger.lines());
        }

        boolean revenueMatches() {
            return accounting.revenue().sameAmountAs(ledger.revenue());
        }

        boolean balanced() {
            return linesBalance() && revenueMatches();
        }

        String line() {
            return String.format("reconciliation: generated=%d records=%d loaded=%d rejected=%d %s"
                            + " (%s) warehouse_revenue=%s ledger_revenue=%s (%s)",
                    ledger.lines(), ledger.records(), accounting.loaded(), accounting.rejected(), accounting.sum(),
                    linesBalance() ? "OK" : "MISMATCH", accounting.revenue().normalized(),
                    ledger.revenue().normalized(), revenueMatches() ? "OK" : "MISMATCH") + accounting.refusalNote()
                    + accounting.replayNote();
        }
    }
}
