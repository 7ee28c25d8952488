package br.com.etlvendas.cli;

import br.com.etlvendas.extract.dlq.DlqRecord;
import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What {@code dlq list} prints: one row per record (its DLQ id for {@code dlq replay --ids}, when and at which stage
 * it was rejected, source, origin, lines, whether it was replayed, every reason) and a summary of every matching
 * record by stage and by reason (reasons grouped by shape, as the ingest report groups them); as a table or JSON.
 *
 * @param shown      the records to print, after {@code --limit}
 * @param matched    every record the filters matched, for the summary
 * @param replayedAt when each record was replayed, if it was
 */
record DlqListing(List<DlqRecord> shown, List<DlqRecord> matched, Function<String, Optional<Instant>> replayedAt) {

    private static final String[] HEADINGS = {"ID", "REJECTED AT", "STAGE", "LINES", "SOURCE", "ORIGIN", "REPLAYED", "REASONS"};

    void printTable(PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (DlqRecord r : shown) {
            rows.add(new String[]{r.id(), r.rejectedAt().map(Instant::toString).orElse("-"), r.stage(),
                    Integer.toString(r.lineCount()), Optional.ofNullable(r.source()).orElse("-"), origin(r),
                    replayedAt.apply(r.id()).map(Instant::toString).orElse("-")
                            + r.replayOf().map(of -> " (replay of " + of + ")").orElse(""),
                    r.reasons().isEmpty() ? "(no reason recorded)" : String.join("; ", r.reasons())});
        }
        int[] widths = new int[HEADINGS.length - 1];
        for (String[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            out.println(line.append(row[widths.length]));
        }
        Summary s = summary();
        out.printf("%ndlq: matched=%d shown=%d lines=%d replayed=%d%n", matched.size(), shown.size(), s.lines(), s.replayed());
        out.println("by stage:");
        s.byStage().forEach((stage, n) -> out.printf("  %6d  %s%n", n, stage));
        if (!s.byReason().isEmpty()) {
            out.println("by reason:");
            s.byReason().forEach((reason, n) -> out.printf("  %6d  %s%n", n, reason));
        }
        out.flush();
    }

    void printJson(PrintWriter out) {
        ObjectNode root = SaleJson.mapper().createObjectNode();
        ArrayNode records = root.putArray("records");
        for (DlqRecord r : shown) {
            ObjectNode o = records.addObject();
            o.put("id", r.id());
            o.put("partition", r.partition());
            o.put("offset", r.offset());
            o.put("rejectedAt", r.rejectedAt().map(Instant::toString).orElse(null));
            o.put("stage", r.stage());
            o.put("source", r.source());
            o.put("sourceOrigin", r.sourceOrigin());
            o.put("origin", r.origin());
            o.put("lineCount", r.lineCount());
            ArrayNode reasons = o.putArray("reasons");
            r.reasons().forEach(reasons::add);
            o.put("sourceRow", r.sourceRow());
            o.put("replayOf", r.replayOf().orElse(null));
            o.put("replayedAt", replayedAt.apply(r.id()).map(Instant::toString).orElse(null));
        }
        Summary s = summary();
        ObjectNode summary = root.putObject("summary");
        summary.put("matched", matched.size());
        summary.put("shown", shown.size());
        summary.put("lines", s.lines());
        summary.put("replayed", s.replayed());
        ObjectNode byStage = summary.putObject("byStage");
        s.byStage().forEach(byStage::put);
        ObjectNode byReason = summary.putObject("byReason");
        s.byReason().forEach(byReason::put);
        try {
            out.println(SaleJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the DLQ listing as JSON", e);
        }
        out.flush();
    }

    /** Counts over every matching record: lines, records replayed, records by stage, reasons by shape. */
    Summary summary() {
        Map<String, Long> byStage = new TreeMap<>();
        Map<String, Long> byReason = new TreeMap<>();
        long lines = 0;
        long replayed = 0;
        for (DlqRecord r : matched) {
            lines += r.lineCount();
            if (replayedAt.apply(r.id()).isPresent()) {
                replayed++;
            }
            byStage.merge(r.stage(), 1L, Long::sum);
            for (String reason : r.reasons()) {
                byReason.merge(RejectionReport.shape(reason), 1L, Long::sum);
            }
        }
        return new Summary(lines, replayed, byStage, byReason);
    }

    record Summary(long lines, long replayed, Map<String, Long> byStage, Map<String, Long> byReason) {
    }

    /** The source's own origin (file and line), else where the pipeline read it (topic/partition/offset). */
    private static String origin(DlqRecord r) {
        return r.sourceOrigin() != null ? r.sourceOrigin() : r.origin() != null ? r.origin() : "-";
    }
}
