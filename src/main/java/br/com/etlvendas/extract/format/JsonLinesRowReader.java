package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
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

    private final BufferedReader text;
    private final Charset encoding;
    private final String fileName;
    private long lineNumber;

    private JsonLinesRowReader(BufferedReader text, Charset encoding, String fileName) {
        this.text = text;
        this.encoding = encoding;
        this.fileName = fileName;
    }

    static JsonLinesRowReader open(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        return new JsonLinesRowReader(FileInput.text(in, spec.encoding(), fileName), spec.encoding(), fileName);
    }

    @Override
    public RowResult next() throws FileReadException {
        String line;
        do {
            try {
                line = text.readLine();
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
