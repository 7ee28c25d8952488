package br.com.etlvendas.extract.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits CSV text into records, reading the text through once from a buffer that always holds the whole
 * record being read, so that every record's exact text (for the DLQ) and each plain field come straight
 * out of the buffer without copying characters one by one.
 *
 * <p>The dialect: fields separated by {@code delimiter}; a field that starts with {@code quote} runs to the
 * matching quote, may hold delimiters and line ends, and writes a quote as two quotes; outside quotes a
 * quote is an ordinary character. With an escape character, escape followed by the delimiter, the quote or
 * the escape stands for that character; before anything else the escape is kept as written. Records end at
 * LF, CRLF or CR; line numbers count physical lines, including those inside quoted fields.
 *
 * <p>Text after a closing quote (other than spaces) makes the record {@link Record#problem() faulty} but reading
 * goes on with the next record; a quote still open at the end of the file is a {@link MalformedCsvException}.
 */
final class CsvParser implements Closeable {

    private static final int NO_ESCAPE = -1;
    private static final int MIN_BUFFER = 64 * 1024;
    /** Longest record accepted, in characters: a longer one almost always means a quote that is never closed. */
    static final int MAX_RECORD = 16 * 1024 * 1024;

    /** One record: the physical line it starts on, its fields, its text without the line end, what is wrong with it. */
    record Record(long line, List<String> values, String text, String problem) {
    }

    /** A record (or line) longer than the limit; for CSV, almost always a quote opened and never closed. */
    static final class RecordTooLongException extends IOException {
        private final long line;
        private final int max;

        RecordTooLongException(long line, int max) {
            super("the record starting at line " + line + " is longer than " + max + " characters");
            this.line = line;
            this.max = max;
        }

        long line() {
            return line;
        }

        int max() {
            return max;
        }
    }

    /** A quote opened and never closed: nothing after it can be read as records. */
    static final class MalformedCsvException extends IOException {
        MalformedCsvException(String message) {
            super(message);
        }
    }

    private final Reader in;
    private final char delimiter;
    private final char quote;
    private final int escape;
    private final StringBuilder value = new StringBuilder(64);
    private final int maxRecord;

    private char[] buf;
    private int pos;
    private int limit;
    private boolean eof;
    /** Where the record being read starts in {@code buf}; kept in the buffer across refills. */
    private int recordStart;
    /** Where the field being read starts in {@code buf}. */
    private int fieldStart;
    /** Physical line of the character at {@code pos}. */
    private long line = 1;
    /** Physical line the record being read starts on. */
    private long recordLine = 1;
    /** Fields the previous record had, to size the next record's list. */
    private int lastWidth = 8;

    CsvParser(Reader in, char delimiter, char quote, Character escape) {
        this(in, delimiter, quote, escape, MIN_BUFFER, MAX_RECORD);
    }

    /** With a given starting buffer size; it grows when one record needs more. */
    CsvParser(Reader in, char delimiter, char quote, Character escape, int bufferSize) {
        this(in, delimiter, quote, escape, bufferSize, MAX_RECORD);
    }

    /** With a given starting buffer size and the longest record accepted (the buffer never grows past it). */
    CsvParser(Reader in, char delimiter, char quote, Character escape, int bufferSize, int maxRecord) {
        this.maxRecord = maxRecord;
        this.buf = new char[Math.max(1, Math.min(bufferSize, maxRecord + 2))];
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
        this.escape = escape == null || escape == quote ? NO_ESCAPE : escape;
    }

    /** The physical line the next record or skipped line starts on. */
    long line() {
        return line;
    }

    /** Consumes one physical line as it is, quotes and all (title lines above a header); false at the end. */
    boolean skipLine() throws IOException {
        return nextLine() != null;
    }

    /** The next physical line as it is, quotes and all, without its line end; null at the end of the text. */
    String nextLine() throws IOException {
        if (pos == limit && !fill()) {
            return null;
        }
        recordStart = pos;
        fieldStart = pos;
        recordLine = line;
        while (true) {
            if (pos == limit && !fill()) {
                return new String(buf, recordStart, pos - recordStart);
            }
            char c = buf[pos];
            if (c == '\n' || c == '\r') {
                String text = new String(buf, recordStart, pos - recordStart);
                endLine(c);
                return text;
            }
            pos++;
        }
    }

    /** The next record, or null at the end of the text. */
    Record next() throws IOException {
        if (pos == limit && !fill()) {
            return null;
        }
        recordStart = pos;
        long startLine = line;
        recordLine = startLine;
        List<String> values = new ArrayList<>(lastWidth);
        String problem = null;
        while (true) {
            fieldStart = pos;
            String fieldProblem;
            if (pos < limit || fill()) {
                fieldProblem = buf[pos] == quote ? quotedField(values, startLine) : plainField(values);
            } else {
                values.add("");
                fieldProblem = null;
            }
            if (problem == null && fieldProblem != null) {
                problem = "column " + values.size() + ": " + fieldProblem;
            }
            if (pos == limit && !fill()) {
                return record(startLine, values, pos, problem);
            }
            char c = buf[pos];
            if (c == delimiter) {
                pos++;
                continue;
            }
            Record record = record(startLine, values, pos, problem);
            endLine(c); // may move the buffer's content: the record's text is taken before
            return record;
        }
    }

    private Record record(long startLine, List<String> values, int end, String problem) {
        lastWidth = values.size();
        return new Record(startLine, values, new String(buf, recordStart, end - recordStart), problem);
    }

    /** Reads a field that does not start with a quote, up to the delimiter or the line end. */
    private String plainField(List<String> values) throws IOException {
        boolean escaped = false;
        while (true) {
            if (!escaped) {
                scanPlain();
            }
            if (pos == limit && !fill()) {
                break;
            }
            char c = buf[pos];
            if (c == delimiter || c == '\n' || c == '\r') {
                break;
            }
            if (c == escape) {
                if (!escaped) {
                    valueSoFar(fieldStart);
                    escaped = true;
                }
                pos++;
                escapedChar();
                continue;
            }
            if (escaped) {
                value.append(c);
            }
            pos++;
        }
        values.add(escaped ? value.toString() : new String(buf, fieldStart, pos - fieldStart));
        return null;
    }

    /** Moves {@code pos} past ordinary characters of a plain field in the buffer: the loop most text goes through. */
    private void scanPlain() {
        char[] b = buf;
        int p = pos;
        int end = limit;
        char d = delimiter;
        int esc = escape;
        while (p < end) {
            char c = b[p];
            if (c == d || c == '\n' || c == '\r' || c == esc) {
                break;
            }
            p++;
        }
        pos = p;
    }

    /** Moves {@code pos} past ordinary characters of a quoted field in the buffer, up to a quote, escape or line end. */
    private void scanQuoted() {
        char[] b = buf;
        int p = pos;
        int end = limit;
        char q = quote;
        int esc = escape;
        while (p < end) {
            char c = b[p];
            if (c == q || c == '\n' || c == '\r' || c == esc) {
                break;
            }
            p++;
        }
        pos = p;
    }

    /** Reads a field that starts with a quote; answers what is wrong after its closing quote, if anything. */
    private String quotedField(List<String> values, long startLine) throws IOException {
        pos++;
        boolean copied = false;
        while (true) {
            if (!copied) {
                scanQuoted();
            }
            if (pos == limit && !fill()) {
                throw new MalformedCsvException("a quoted field opened in the record starting at line " + startLine
                        + " is never closed (end of file reached)");
            }
            char c = buf[pos];
            if (c == quote) {
                if (hasNext() && buf[pos + 1] == quote) {
                    if (!copied) {
                        valueSoFar(fieldStart + 1);
                        copied = true;
                    }
                    value.append(quote);
                    pos += 2;
                    continue;
                }
                String content = copied ? value.toString() : new String(buf, fieldStart + 1, pos - fieldStart - 1);
                pos++;
                values.add(content);
                return afterClosingQuote();
            }
            if (c == escape) {
                if (!copied) {
                    valueSoFar(fieldStart + 1);
                    copied = true;
                }
                pos++;
                escapedChar();
                continue;
            }
            if (c == '\n' || c == '\r' && !(hasNext() && buf[pos + 1] == '\n')) {
                line++;
            }
            if (copied) {
                value.append(c);
            }
            pos++;
        }
    }

    /** Starts a field's value that needs rewriting (escapes, doubled quotes) with its text from {@code from} so far. */
    private void valueSoFar(int from) {
        value.setLength(0);
        value.append(buf, from, pos - from);
    }

    /** Whether a character follows the one at {@code pos}, reading more text if needed. */
    private boolean hasNext() throws IOException {
        return pos + 1 < limit || fill(pos + 1);
    }

    /** Appends the character after an escape: itself when it is special, else the escape and it, as written. */
    private void escapedChar() throws IOException {
        if (pos == limit && !fill()) {
            value.append((char) escape);
            return;
        }
        char next = buf[pos];
        if (next != delimiter && next != quote && next != escape) {
            value.append((char) escape);
        }
        if (next == '\n' || next == '\r') {
            return; // a line end after an escape is handled by the caller as a line end
        }
        value.append(next);
        pos++;
    }

    /** Spaces may follow a closing quote; anything else is reported, skipped up to the field's end. */
    private String afterClosingQuote() throws IOException {
        boolean stray = false;
        while (pos < limit || fill()) {
            char c = buf[pos];
            if (c == delimiter || c == '\n' || c == '\r') {
                break;
            }
            if (c != ' ' && c != '\t') {
                stray = true;
            }
            pos++;
        }
        return stray ? "text after the closing quote" : null;
    }

    /** Consumes a line end (LF, CR or CRLF) at {@code pos}. */
    private void endLine(char c) throws IOException {
        pos++;
        if (c == '\r' && (pos < limit || fill()) && buf[pos] == '\n') {
            pos++;
        }
        line++;
    }

    private boolean fill() throws IOException {
        return fill(pos);
    }

    /**
     * Reads more text so that {@code buf[index]} exists, keeping the current record from its start: the buffer
     * is compacted, or doubled when one record fills it. False when the text ends first.
     */
    private boolean fill(int index) throws IOException {
        while (index >= limit) {
            if (eof) {
                return false;
            }
            if (recordStart > 0 && limit == buf.length) {
                int shift = recordStart;
                System.arraycopy(buf, shift, buf, 0, limit - shift);
                limit -= shift;
                pos -= shift;
                index -= shift;
                fieldStart -= shift;
                recordStart = 0;
            } else if (limit == buf.length) {
                if (buf.length >= maxRecord + 2) { // room for the record, its CR LF and a look ahead
                    throw new RecordTooLongException(recordLine, maxRecord);
                }
                char[] bigger = new char[(int) Math.min((long) buf.length * 2, maxRecord + 2L)];
                System.arraycopy(buf, 0, bigger, 0, limit);
                buf = bigger;
            }
            int n = in.read(buf, limit, buf.length - limit);
            if (n < 0) {
                eof = true;
                return false;
            }
            limit += n;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
