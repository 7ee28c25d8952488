package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file record by record with Commons CSV: each record becomes an object of column name to text,
 * numbered by the physical line where it starts. A record with the wrong number of fields or undecodable bytes
 * is a row error and reading goes on; a file the parser cannot get past (an unterminated quote) is a file error.
 */
final class CsvRowReader implements RowReader {

    private static final Logger log = LoggerFactory.getLogger(CsvRowReader.class);

    private final String fileName;
    private final Charset encoding;
    private final CSVFormat dialect;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    /** Physical lines read before the parser started (skip-lines), added to the parser's own line count. */
    private final long lineOffset;
    /** Lines the parser has consumed after the last record it returned. */
    private long linesConsumed;
    /** Column names: the header's, or 1..N from the first record when the file has none. */
    private List<String> columns;

    private CsvRowReader(String fileName, Charset encoding, CSVFormat dialect, CSVParser parser, long lineOffset) {
        this.fileName = fileName;
        this.encoding = encoding;
        this.dialect = dialect;
        this.parser = parser;
        this.records = parser.iterator();
        this.lineOffset = lineOffset;
    }

    static CsvRowReader open(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        BufferedReader text = FileInput.text(in, spec.encoding(), fileName);
        long skipped = skipLines(text, spec.skipLines(), fileName);
        CSVFormat dialect = dialect(spec);
        CSVParser parser;
        try {
            parser = CSVParser.builder().setReader(text).setFormat(dialect).get();
        } catch (IOException e) {
            throw FileInput.unreadable(fileName, "line " + (skipped + 1), e);
        }
        CsvRowReader reader = new CsvRowReader(fileName, spec.encoding(), dialect, parser, skipped);
        if (spec.header()) {
            reader.readHeader(spec.skipLines());
        }
        return reader;
    }

    /**
     * Blank lines are kept by the parser (and skipped here) so that its line count stays the count of physical
     * lines before each record; Commons CSV's own skipping would hide them from the record's start line.
     */
    private static CSVFormat dialect(FormatSpec spec) {
        return CSVFormat.DEFAULT.builder()
                .setDelimiter(spec.delimiter())
                .setQuote(spec.quote())
                .setEscape(spec.escape().orElse(null))
                .setIgnoreEmptyLines(false)
                .setIgnoreSurroundingSpaces(false)
                .setTrim(false)
                .get();
    }

    /** Skips title lines some exports put on top; physical lines, so a quote in a title does not matter. */
    private static long skipLines(BufferedReader text, int count, String fileName) throws FileReadException {
        long skipped = 0;
        try {
            while (skipped < count && text.readLine() != null) {
                skipped++;
            }
        } catch (IOException e) {
            throw FileInput.unreadable(fileName, "line " + (skipped + 1), e);
        }
        return skipped;
    }

    private void readHeader(int skipLines) throws FileReadException {
        LocatedRecord header = nextNonBlankRecord();
        if (header == null) {
            throw new FileReadException(fileName + ": file is empty" + (skipLines > 0 ? " after skipping " + skipLines + " lines" : ""));
        }
        long line = header.line();
        List<String> names = header.record().toList();
        if (FileInput.undecodable(String.join("", names), encoding).isPresent()) {
            throw new FileReadException(fileName + ": the header (line " + line + ") holds undecodable bytes for encoding "
                    + encoding.name() + "; check the source's encoding setting");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isBlank()) {
                throw new FileReadException(fileName + ": column " + (i + 1) + " of the header (line " + line + ") has no name");
            }
            Integer earlier = seen.putIfAbsent(name, i + 1);
            if (earlier != null) {
                throw new FileReadException(fileName + ": column name '" + name + "' appears twice in the header (line "
                        + line + "): columns " + earlier + " and " + (i + 1));
            }
        }
        columns = List.copyOf(names);
    }

    @Override
    public RowResult next() throws FileReadException {
        LocatedRecord located = nextNonBlankRecord();
        if (located == null) {
            return null;
        }
        long start = located.line();
        List<String> values = located.record().toList();
        if (columns == null) {
            columns = numberedColumns(values.size());
        }
        String rawText = render(values);
        List<String> reasons = new ArrayList<>(2);
        if (values.size() != columns.size()) {
            reasons.add("expected " + columns.size() + " columns, got " + values.size());
        }
        FileInput.undecodable(rawText, encoding).ifPresent(reasons::add);
        if (!reasons.isEmpty()) {
            return new RowError(start, reasons, rawText);
        }
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < values.size(); i++) {
            data.put(columns.get(i), values.get(i));
        }
        return new SourceRow(start, data, rawText);
    }

    /**
     * The record as CSV text in the file's dialect, for the DLQ. Written by hand: Commons CSV's printer
     * costs about a tenth of the time of reading a row, and this runs for every row.
     */
    private String render(List<String> values) {
        char delimiter = dialect.getDelimiterString().charAt(0);
        char quote = dialect.getQuoteCharacter() == null ? '"' : dialect.getQuoteCharacter();
        StringBuilder out = new StringBuilder(values.size() * 12);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(delimiter);
            }
            String v = values.get(i);
            if (v == null) {
                continue;
            }
            if (needsQuotes(v, delimiter, quote)) {
                out.append(quote);
                for (int k = 0; k < v.length(); k++) {
                    char c = v.charAt(k);
                    if (c == quote) {
                        out.append(quote);
                    }
                    out.append(c);
                }
                out.append(quote);
            } else {
                out.append(v);
            }
        }
        return out.toString();
    }

    private static boolean needsQuotes(String v, char delimiter, char quote) {
        if (v.isEmpty()) {
            return true;
        }
        if (Character.isWhitespace(v.charAt(0)) || Character.isWhitespace(v.charAt(v.length() - 1))) {
            return true;
        }
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            if (c == delimiter || c == quote || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * The next record that is not a blank line. A blank (or whitespace-only) line parses as one empty field; a
     * one-column file's quoted empty value looks the same and is skipped too, which loses nothing a row could carry.
     */
    private LocatedRecord nextNonBlankRecord() throws FileReadException {
        while (true) {
            long start = lineOffset + linesConsumed + 1;
            CSVRecord record;
            try {
                record = records.hasNext() ? records.next() : null;
            } catch (UncheckedIOException e) {
                throw failure(start, e.getCause());
            }
            if (record == null) {
                return null;
            }
            linesConsumed = parser.getCurrentLineNumber();
            boolean blank = record.size() == 0 || record.size() == 1 && record.get(0).isBlank();
            if (!blank) {
                return new LocatedRecord(record, start);
            }
        }
    }

    /** A record and the physical line where it starts, counting skipped lines. */
    private record LocatedRecord(CSVRecord record, long line) {
    }

    private FileReadException failure(long line, IOException cause) {
        if (cause instanceof CSVException) {
            return new FileReadException(fileName + ": malformed CSV in the record starting at line " + line
                    + " (" + cause.getMessage() + ")", cause);
        }
        return FileInput.unreadable(fileName, "the record starting at line " + line, cause);
    }

    private static List<String> numberedColumns(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(Integer.toString(i));
        }
        return List.copyOf(names);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            log.warn("Could not close CSV file {}: {}", fileName, e.getMessage(), e);
        }
    }
}
