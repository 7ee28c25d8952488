package br.com.etlvendas.extract.generator;

import br.com.etlvendas.sale.Money;

/**
 * What the generator has published (acknowledged by Kafka) and what the pipeline must therefore hold, so
 * that a run can be reconciled: every generated line must end loaded, rejected, dropped as a duplicate, or in a
 * new version of its sale; and the warehouse's revenue must be that of the latest version of every sale, which
 * corrections and cancellations move by the difference they make.
 */
public final class GeneratorLedger {

    private long records;
    private long lines;
    private long validLines;
    private long invalidLines;
    private long duplicateLines;
    private long revisionLines;
    private Money revenue = Money.ZERO;

    synchronized void record(GeneratedRecord r) {
        records++;
        lines += r.lineCount();
        switch (r.kind()) {
            case VALID -> {
                validLines += r.lineCount();
                revenue = revenue.plus(r.revenue());
            }
            case INVALID -> invalidLines += r.lineCount();
            case DUPLICATE -> duplicateLines += r.lineCount();
            case CORRECTION, CANCELLATION -> {
                revisionLines += r.lineCount();
                revenue = revenue.plus(r.revenue());
            }
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(records, lines, validLines, invalidLines, duplicateLines, revenue, revisionLines);
    }

    /**
     * Figures at one moment; {@code revenue} is the exact sum over the latest versions of completed sales;
     * {@code revisionLines} are the lines of corrected and cancelled versions sent.
     */
    public record Snapshot(long records, long lines, long validLines, long invalidLines, long duplicateLines,
                           Money revenue, long revisionLines) {

        public Snapshot(long records, long lines, long validLines, long invalidLines, long duplicateLines, Money revenue) {
            this(records, lines, validLines, invalidLines, duplicateLines, revenue, 0);
        }
    }
}
