package br.com.etlvendas.load.lake;

import br.com.etlvendas.sale.Sale;

import java.time.LocalDate;

/**
 * Where things are in the lake. Data files sit in one Hive-style directory per sale date,
 * {@code dt=YYYY-MM-DD/}, and are named after the Kafka partition and the first and last offsets of the batch
 * they hold ({@code part-p2-o0000000000000000123-o0000000000000000456.parquet}), so rewriting a batch after a
 * crash replaces its files instead of adding new ones. The writers' own progress sits under {@code _state/},
 * which Spark and pyarrow skip (leading underscore) and a {@code *.parquet} glob never matches.
 */
final class LakeLayout {

    /** Enough digits for any Kafka offset, so names sort by offset. */
    private static final int OFFSET_DIGITS = 19;

    private LakeLayout() {
    }

    /**
     * The date a sale is filed under: its local date at the offset it was sold with, as the store saw it
     * (a sale at 23:30-03:00 on 30 November is under {@code dt=2026-11-30}, though it is 1 December in UTC).
     */
    static LocalDate saleDate(Sale sale) {
        return sale.soldAt().toLocalDate();
    }

    /** The directory of one sale date, e.g. {@code dt=2026-11-30}. */
    static String dateDirectory(LocalDate date) {
        return "dt=" + date;
    }

    /** The key of the file holding the lines dated {@code date} of the batch [first, last] of {@code partition}. */
    static String dataKey(LocalDate date, int partition, long first, long last) {
        return dateDirectory(date) + "/part-p" + partition + "-o" + padded(first) + "-o" + padded(last) + ".parquet";
    }

    /** The key of the state object of one partition of {@code topic}. */
    static String stateKey(String topic, int partition) {
        return "_state/" + topic + "/p" + partition + ".json";
    }

    private static String padded(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("a Kafka offset is never negative, got " + offset);
        }
        String digits = Long.toString(offset);
        return "0".repeat(OFFSET_DIGITS - digits.length()) + digits;
    }
}
