package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON file whose top level is an array of objects, one element at a time with Jackson's streaming
 * parser, so the array is never held whole. Rows are numbered by element (1-based). An element that is not an
 * object is a row error; malformed JSON is a file error, because the parser cannot find the next element
 * after it (the rows before it have already been returned).
 */
final class JsonArrayRowReader implements RowReader {

    private static final Logger log = LoggerFactory.getLogger(JsonArrayRowReader.class);

    private final JsonParser parser;
    private final Charset encoding;
    private final String fileName;
    /** Elements read completely so far, which is also the number of the last one returned. */
    private long index;
    private boolean finished;

    private JsonArrayRowReader(JsonParser parser, Charset encoding, String fileName) {
        this.parser = parser;
        this.encoding = encoding;
        this.fileName = fileName;
    }

    static JsonArrayRowReader open(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        JsonParser parser;
        try {
            parser = SourceJson.TREES.createParser(FileInput.text(in, spec.encoding(), fileName));
        } catch (IOException e) {
            throw FileInput.unreadable(fileName, "the start", e);
        }
        JsonArrayRowReader reader = new JsonArrayRowReader(parser, spec.encoding(), fileName);
        try {
            JsonToken first = reader.nextToken();
            if (first == null) {
                throw new FileReadException(fileName + ": file is empty");
            }
            if (first != JsonToken.START_ARRAY) {
                throw new FileReadException(fileName + ": the top level is " + describe(first)
                        + ", expected an array of objects (a file with one object per line is JSON Lines: name it .jsonl)");
            }
        } catch (FileReadException e) {
            reader.close();
            throw e;
        }
        return reader;
    }

    @Override
    public RowResult next() throws FileReadException {
        if (finished) {
            return null;
        }
        JsonToken token = nextToken();
        if (token == JsonToken.END_ARRAY) {
            finished = true;
            if (nextToken() != null) {
                throw new FileReadException(fileName + ": unexpected content after the top-level array at " + where());
            }
            return null;
        }
        JsonNode element;
        try {
            element = SourceJson.TREES.readTree(parser);
        } catch (IOException e) {
            throw failure(e);
        }
        index++;
        String rawText = SourceJson.render(element);
        List<String> reasons = new ArrayList<>(2);
        if (!element.isObject()) {
            reasons.add("element " + index + " is " + SourceJson.kindOf(element) + ", not a JSON object");
        }
        FileInput.undecodable(rawText, encoding).ifPresent(reasons::add);
        return reasons.isEmpty() ? new SourceRow(index, element, rawText) : new RowError(index, reasons, rawText);
    }

    private JsonToken nextToken() throws FileReadException {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw failure(e);
        }
    }

    private FileReadException failure(IOException e) {
        if (e instanceof JsonProcessingException json) {
            return new FileReadException(fileName + ": malformed JSON at " + where() + " (after " + index
                    + " complete elements): " + json.getOriginalMessage(), e);
        }
        return FileInput.unreadable(fileName, where(), e);
    }

    private String where() {
        JsonLocation at = parser.currentLocation();
        return "line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            log.warn("Could not close JSON file {}: {}", fileName, e.getMessage(), e);
        }
    }
}
