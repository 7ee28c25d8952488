package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON Lines file: one object per non-blank line, numbered by its line. Each line stands alone, so a
 * malformed line, a line that is not an object or one with undecodable bytes is a row error and the next line
 * is read as usual.
 */
final class JsonLinesRowReader implements RowReader {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesRowReader.class);

    private final CsvParser text;
    private final Charset encoding;
    private final String fileName;
    private long lineNumber;

    private JsonLinesRowReader(CsvParser text, Charset encoding, String fileName) {
        this.text = text;
        this.encoding = encoding;
        this.fileName = fileName;
    }

    /** Longest line accepted, in characters: a longer one is not JSON Lines (a whole JSON array on one line, say). */
    static final int MAX_LINE = CsvParser.MAX_RECORD;

    static JsonLinesRowReader open(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        return open(in, spec, fileName, MAX_LINE);
    }

    /** With a given longest line, in characters. */
    static JsonLinesRowReader open(InputStream in, FormatSpec spec, String fileName, int maxLine) throws FileReadException {
        // the CSV parser's line reading: one pass over a buffer, and a line too long fails before it is held whole
        CsvParser lines = new CsvParser(FileInput.text(in, spec.encoding(), fileName), ',', '"', null,
                FileInput.BUFFER_SIZE, maxLine);
        return new JsonLinesRowReader(lines, spec.encoding(), fileName);
    }

    @Override
    public RowResult next() throws FileReadException {
        String line;
        do {
            try {
                line = text.nextLine();
            } catch (CsvParser.RecordTooLongException e) {
                throw new FileReadException(fileName + ": line " + e.line() + " is longer than " + e.max()
                        + " characters; JSON Lines holds one record per line (is this a JSON array? name it .json)", e);
            } catch (IOException e) {
                throw FileInput.unreadable(fileName, "line " + (lineNumber + 1), e);
            }
            if (line == null) {
                return null;
            }
            lineNumber++;
        } while (line.isBlank());
        return parse(line);
    }

    private RowResult parse(String line) {
        List<String> reasons = new ArrayList<>(2);
        FileInput.undecodable(line, encoding).ifPresent(reasons::add);
        JsonNode node = null;
        try {
            node = SourceJson.SINGLE_TREE.readTree(line);
            if (!node.isObject()) {
                reasons.add("line holds " + SourceJson.kindOf(node) + ", not a JSON object");
            }
        } catch (JsonProcessingException e) {
            reasons.add(SourceJson.firstLine(e.getMessage()));
        }
        return reasons.isEmpty() ? new SourceRow(lineNumber, node, line) : new RowError(lineNumber, reasons, line);
    }

    @Override
    public void close() {
        try {
            text.close();
        } catch (IOException e) {
            log.warn("Could not close JSON Lines file {}: {}", fileName, e.getMessage(), e);
        }
    }
}
