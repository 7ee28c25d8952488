package br.com.etlvendas.cli;

import br.com.etlvendas.extract.dlq.DlqRecord;
import br.com.etlvendas.extract.dlq.DlqReplayer;
import br.com.etlvendas.sale.RawSale;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What {@code dlq replay} prints: the plan (each record to send, mapped again or as it was; each one skipped and
 * why; each one that cannot be replayed until the user acts), then, per source, where the replayed lines went.
 */
record ReplayReport(DlqReplayer.Plan plan) {

    void printPlan(PrintWriter out, boolean dryRun) {
        for (DlqReplayer.Planned p : plan.send()) {
            out.printf("  %s %-10s lines=%d  %s  %s%n", dryRun ? "would replay" : "replay", p.record().id(),
                    p.record().lineCount(), where(p.record()), p.remapped().map(ReplayReport::remapNote).orElse("as it was"));
        }
        for (DlqReplayer.Skipped s : plan.skipped()) {
            out.printf("  skip %-10s %s: %s%n", s.record().id(), where(s.record()), s.why());
        }
        for (DlqReplayer.Problem p : plan.problems()) {
            out.printf("  cannot replay %-10s %s: %s%n", p.record().id(), where(p.record()), p.what());
        }
        out.printf("dlq replay: chosen=%d to_send=%d lines=%d skipped=%d problems=%d%s%n",
                plan.send().size() + plan.skipped().size() + plan.problems().size(), plan.send().size(), plan.lines(),
                plan.skipped().size(), plan.problems().size(),
                !plan.problems().isEmpty() ? " (nothing sent: fix the problems above, or leave those records out with "
                        + "the filters or --ids)"
                        : plan.send().isEmpty() ? " (nothing to replay)" : dryRun ? " (dry run: nothing sent)" : "");
        out.flush();
    }

    /** Lines to send, per source, in the order they first appear. */
    Map<String, Long> linesBySource() {
        Map<String, Long> lines = new LinkedHashMap<>();
        for (DlqReplayer.Planned p : plan.send()) {
            lines.merge(sourceOf(p), (long) p.record().lineCount(), Long::sum);
        }
        return lines;
    }

    /** The source the pipeline will count a replayed record under: the mapped sale's, else the DLQ record's. */
    private static String sourceOf(DlqReplayer.Planned p) {
        return p.remapped().map(RawSale::source).orElse(p.record().source() == null ? "unknown" : p.record().source());
    }

    static Map<String, Reconciler.Accounting> measure(Set<String> sources, Reconciler reconciler) {
        Map<String, Reconciler.Accounting> before = new LinkedHashMap<>();
        for (String source : sources) {
            before.put(source, reconciler.measure(source));
        }
        return before;
    }

    /**
     * Prints where one source's replayed lines went, measured from {@code before}; whether every replayed line is
     * accounted for (read by the pipeline, then loaded, rejected again or dropped as a duplicate).
     */
    boolean printOutcome(PrintWriter out, String source, long lines, Reconciler.Accounting before, Reconciler.Accounting now) {
        long read = now.replayed() - before.replayed();
        long loaded = now.loaded() - before.loaded();
        long back = now.rejected() - before.rejected();
        long duplicates = now.duplicates() - before.duplicates();
        boolean ok = read == lines && loaded + back + duplicates == lines;
        out.printf("replayed: source=%s lines=%d loaded=%d back_to_dlq=%d duplicates=%d loaded+back_to_dlq+duplicates=%d (%s)%n",
                source, lines, loaded, back, duplicates, loaded + back + duplicates, ok ? "OK" : "MISMATCH");
        out.flush();
        return ok;
    }

    private static String where(DlqRecord r) {
        return (r.source() == null ? "-" : r.source()) + " " + (r.sourceOrigin() != null ? r.sourceOrigin()
                : r.origin() != null ? r.origin() : "-");
    }

    private static String remapNote(RawSale sale) {
        return sale.isUnreadable() ? "mapped again, still fails (goes back to the DLQ): " + sale.unreadableReason()
                : "mapped again with the current mapping";
    }
}
