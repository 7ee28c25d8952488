package br.com.etlvendas.serve;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lines a second through each stage, from counters sampled in-process over time: lines the transform stage counted
 * into the KPI totals (kept, rejected, dropped as duplicates) and records the loader committed to the warehouse
 * (the sum of its stored offsets). Each {@link #sample} gives the rates since the previous one.
 */
final class PipelineRates {

    /** The counters at one moment. */
    record Counters(long nanos, long transformedLines, long rejectedLines, long duplicateLines, long loadedRecords) {
    }

    private Counters previous;
    private Map<String, Double> rates = zero();

    /** Takes a sample; the rates become the change since the previous sample, per second. */
    synchronized Map<String, Double> sample(Counters now) {
        if (previous != null && now.nanos() > previous.nanos()) {
            double seconds = (now.nanos() - previous.nanos()) / 1e9;
            Map<String, Double> r = new LinkedHashMap<>();
            r.put("transformed", perSecond(now.transformedLines() - previous.transformedLines(), seconds));
            r.put("rejected", perSecond(now.rejectedLines() - previous.rejectedLines(), seconds));
            r.put("duplicates", perSecond(now.duplicateLines() - previous.duplicateLines(), seconds));
            r.put("loaded", perSecond(now.loadedRecords() - previous.loadedRecords(), seconds));
            rates = r;
        }
        previous = now;
        return rates;
    }

    synchronized Map<String, Double> current() {
        return rates;
    }

    private static double perSecond(long delta, double seconds) {
        // a counter that went back (a newer version removed lines) is no negative throughput
        return Math.round(Math.max(0, delta) / seconds * 10) / 10.0;
    }

    private static Map<String, Double> zero() {
        Map<String, Double> r = new LinkedHashMap<>();
        r.put("transformed", 0.0);
        r.put("rejected", 0.0);
        r.put("duplicates", 0.0);
        r.put("loaded", 0.0);
        return r;
    }
}
