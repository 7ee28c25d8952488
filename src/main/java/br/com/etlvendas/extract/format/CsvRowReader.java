package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a CSV file record by record with {@link CsvParser}: each record becomes an object of column name to text,
 * numbered by the physical line where it starts, with its exact text from the file kept for the DLQ. A record with
 * the wrong number of fields, undecodable bytes or text after a closing quote is a row error and reading goes on;
 * a file the parser cannot get past (a quote never closed) is a file error.
 */
final class CsvRowReader implements RowReader {

    private static final Logger log = LoggerFactory.getLogger(CsvRowReader.class);

    private final String fileName;
    private final Charset encoding;
    private final CsvParser parser;
    /** Column names: the header's, or 1..N from the first record when the file has none. */
    private CsvColumns columns;

    private CsvRowReader(String fileName, Charset encoding, CsvParser parser) {
        this.fileName = fileName;
        this.encoding = encoding;
        this.parser = parser;
    }

    static CsvRowReader open(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        CsvParser parser = new CsvParser(FileInput.text(in, spec.encoding(), fileName), spec.delimiter(), spec.quote(),
                spec.escape().orElse(null));
        CsvRowReader reader = new CsvRowReader(fileName, spec.encoding(), parser);
        reader.skipLines(spec.skipLines());
        if (spec.header()) {
            reader.readHeader(spec.skipLines());
        }
        return reader;
    }

    /** Skips title lines some exports put on top; physical lines, so a quote in a title does not matter. */
    private void skipLines(int count) throws FileReadException {
        try {
            for (int i = 0; i < count && parser.skipLine(); i++) {
                // skipped
            }
        } catch (IOException e) {
            throw FileInput.unreadable(fileName, "line " + parser.line(), e);
        }
    }

    private void readHeader(int skipLines) throws FileReadException {
        CsvParser.Record header = nextNonBlankRecord();
        if (header == null) {
            throw new FileReadException(fileName + ": file is empty" + (skipLines > 0 ? " after skipping " + skipLines + " lines" : ""));
        }
        long line = header.line();
        List<String> names = header.values();
        if (FileInput.undecodable(header.text(), encoding).isPresent()) {
            throw new FileReadException(fileName + ": the header (line " + line + ") holds undecodable bytes for encoding "
                    + encoding.name() + "; check the source's encoding setting");
        }
        if (header.problem() != null) {
            throw new FileReadException(fileName + ": the header (line " + line + ") is malformed: " + header.problem());
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
        columns = new CsvColumns(names);
    }

    @Override
    public RowResult next() throws FileReadException {
        CsvParser.Record record = nextNonBlankRecord();
        if (record == null) {
            return null;
        }
        List<String> values = record.values();
        if (columns == null) {
            columns = new CsvColumns(numberedColumns(values.size()));
        }
        String rawText = record.text();
        List<String> reasons = new ArrayList<>(2);
        if (values.size() != columns.size()) {
            reasons.add("expected " + columns.size() + " columns, got " + values.size());
        }
        if (record.problem() != null) {
            reasons.add(record.problem());
        }
        FileInput.undecodable(rawText, encoding).ifPresent(reasons::add);
        if (!reasons.isEmpty()) {
            return new RowError(record.line(), reasons, rawText);
        }
        return new SourceRow(record.line(), columns.record(values), rawText);
    }

    /**
     * The next record that is not a blank line. A blank (or whitespace-only) line parses as one empty field; a
     * one-column file's quoted empty value looks the same and is skipped too, which loses nothing a row could carry.
     */
    private CsvParser.Record nextNonBlankRecord() throws FileReadException {
        while (true) {
            long start = parser.line();
            CsvParser.Record record;
            try {
                record = parser.next();
            } catch (CsvParser.MalformedCsvException e) {
                throw new FileReadException(fileName + ": malformed CSV: " + e.getMessage(), e);
            } catch (CsvParser.RecordTooLongException e) {
                throw new FileReadException(fileName + ": malformed CSV: " + e.getMessage()
                        + "; most likely a quote opened in it is never closed", e);
            } catch (IOException e) {
                throw FileInput.unreadable(fileName, "the record starting at line " + start, e);
            }
            if (record == null) {
                return null;
            }
            List<String> values = record.values();
            boolean blank = values.isEmpty() || values.size() == 1 && values.get(0).isBlank();
            if (!blank) {
                return record;
            }
        }
    }

    private static List<String> numberedColumns(int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            names.add(Integer.toString(i));
        }
        return names;
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
