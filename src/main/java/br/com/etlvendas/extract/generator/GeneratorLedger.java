package br.com.etlvendas.extract.generator;

import br.com.etlvendas.sale.Money;

/**
 * What the generator has published (acknowledged by Kafka) and what the pipeline must therefore hold, so
 * that a run can be reconciled: every generated line must end loaded, rejected or dropped as a duplicate.
 */
public final class GeneratorLedger {

    private long records;
    private long lines;
    private long validLines;
    private long invalidLines;
    private long duplicateLines;
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
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(records, lines, validLines, invalidLines, duplicateLines, revenue);
    }

    /** Figures at one moment; {@code revenue} is the exact sum over the valid lines of completed sales. */
    public record Snapshot(long records, long lines, long validLines, long invalidLines, long duplicateLines,
                           Money revenue) {
    }
}
