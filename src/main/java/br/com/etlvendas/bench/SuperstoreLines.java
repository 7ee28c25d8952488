package br.com.etlvendas.bench;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.QuoteMode;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes any number of lines in the layout of the public Superstore export by repeating its real rows with
 * order and row ids made unique per copy (the "Superstore repeated with unique ids"), and works out
 * what a correct load of them must add up to.
 */
public final class SuperstoreLines {

    /** What the file holds: its lines and the sum of their {@code Sales} (every Superstore sale is completed). */
    public record Expected(long lines, BigDecimal revenue) {
    }

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();
    private final int rowId;
    private final int orderId;
    private final int sales;

    public SuperstoreLines(Path sample) throws IOException {
        try (Reader in = Files.newBufferedReader(sample, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
            this.header = csv.getHeaderNames();
            for (CSVRecord r : csv) {
                rows.add(r.toList());
            }
        }
        this.rowId = column("Row ID");
        this.orderId = column("Order ID");
        this.sales = column("Sales");
    }

    private int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("the sample has no column '" + name + "'; columns: " + header);
        }
        return i;
    }

    /**
     * Writes {@code lines} lines to {@code file}; copy {@code c} of row {@code r} gets order id
     * {@code <order>-<tag><c>} and row id {@code firstRowId + c × rows + r}, so files written with different
     * tags and disjoint row-id ranges never share a line.
     */
    public Expected write(Path file, long lines, String tag, long firstRowId) throws IOException {
        BigDecimal revenue = BigDecimal.ZERO;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setQuoteMode(QuoteMode.ALL)
                     .setRecordSeparator('\n').build())) {
            csv.printRecord(header);
            List<String> copy = new ArrayList<>(header.size());
            for (long n = 0; n < lines; n++) {
                List<String> row = rows.get((int) (n % rows.size()));
                long round = n / rows.size();
                copy.clear();
                copy.addAll(row);
                copy.set(rowId, Long.toString(firstRowId + n));
                copy.set(orderId, row.get(orderId) + "-" + tag + round);
                csv.printRecord(copy);
                revenue = revenue.add(new BigDecimal(row.get(sales)));
            }
        }
        return new Expected(lines, revenue);
    }
}
