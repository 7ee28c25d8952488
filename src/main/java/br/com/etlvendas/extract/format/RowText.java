package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowResult;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads one row again from the text a source kept of it (the DLQ payload of a row its source could not map),
 * the way the row's file was read: a CSV record behind its file's header, a JSON record on its own. The text
 * was already decoded and decompressed when the file was read, so it is read as plain UTF-8.
 */
public final class RowText {

    private RowText() {
    }

    /** Whether rows of {@code fileName} in this format are CSV records that need their file's header to be read. */
    public static boolean needsCsvHeader(FormatSpec spec, String fileName) {
        return isCsv(spec, fileName) && spec.header();
    }

    /**
     * The text of a CSV file's header record (after its skipped title lines), as the file holds it.
     *
     * @throws FileReadException when the file cannot be read or holds no header
     */
    public static String csvHeader(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        InputStream content = FileInput.decompressed(in, spec.compression(), fileName);
        try (CsvParser parser = new CsvParser(FileInput.text(content, spec.encoding(), fileName), spec.delimiter(),
                spec.quote(), spec.escape().orElse(null))) {
            for (int i = 0; i < spec.skipLines() && parser.skipLine(); i++) {
                // title lines above the header
            }
            CsvParser.Record record;
            while ((record = parser.next()) != null) {
                boolean blank = record.values().isEmpty() || record.values().size() == 1 && record.values().get(0).isBlank();
                if (!blank) {
                    return record.text();
                }
            }
            throw new FileReadException(fileName + ": the file holds no header");
        } catch (IOException e) {
            throw FileInput.unreadable(fileName, "its header", e);
        }
    }

    /**
     * The row this text holds, as a row of {@code fileName} read with {@code spec}: CSV text is read behind
     * {@code csvHeader} when the format has a header; any other text is read as one JSON record.
     *
     * @return the row's data, or why it still cannot be read (wrong column count, malformed JSON, …)
     * @throws FileReadException when the format needs a header and none is given, or the text holds no row
     */
    public static RowResult reread(String rawText, Optional<String> csvHeader, FormatSpec spec, String fileName)
            throws FileReadException {
        boolean csv = isCsv(spec, fileName);
        if (csv && spec.header() && csvHeader.isEmpty()) {
            throw new FileReadException(fileName + ": a CSV row cannot be read without its file's header");
        }
        String text = csv && spec.header() ? csvHeader.get() + "\n" + rawText : rawText;
        FormatSpec plain = new FormatSpec(csv ? FormatSpec.Type.CSV : FormatSpec.Type.JSONL, spec.delimiter(), spec.quote(),
                spec.escape(), csv && spec.header(), StandardCharsets.UTF_8, FormatSpec.Compression.NONE, 0);
        try (RowReader reader = RowReaders.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), plain,
                fileName)) {
            return reader.next();
        }
    }

    private static boolean isCsv(FormatSpec spec, String fileName) {
        return spec.typeFor(fileName).orElse(FormatSpec.Type.JSONL) == FormatSpec.Type.CSV;
    }
}
