package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowResult;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Opens the right {@link RowReader} for a file: picks the format from the spec or the file name, gunzips when
 * needed, and reads the first row at once so that an empty or unreadable file fails here, before any row is
 * produced. The returned reader owns the stream and closes it; so does a failed {@code open}.
 */
public final class RowReaders {

    static final String SUPPORTED_NAMES =
            ".csv, .txt, .tsv, .jsonl, .ndjson, .json or .parquet, each optionally followed by .gz";

    private RowReaders() {
    }

    public static RowReader open(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(fileName, "fileName");
        InputStream content = in;
        RowReader reader = null;
        try {
            FormatSpec.Type type = spec.typeFor(fileName).orElseThrow(() -> new FileReadException(
                    "cannot tell the format of " + fileName + " from its name: expected a name ending in "
                            + SUPPORTED_NAMES + ", or set the source's format type"));
            content = FileInput.decompressed(in, spec.compression(), fileName);
            reader = switch (type) {
                case CSV -> CsvRowReader.open(content, spec, fileName);
                case JSONL -> JsonLinesRowReader.open(content, spec, fileName);
                case JSON -> JsonArrayRowReader.open(content, spec, fileName);
                case PARQUET -> ParquetRowReader.open(content, fileName);
                case AUTO -> throw new IllegalStateException("typeFor never answers AUTO");
            };
            RowResult first = reader.next();
            if (first == null) {
                throw new FileReadException(fileName + ": file is empty (it holds no rows)");
            }
            return new FirstRowAhead(first, reader);
        } catch (FileReadException | RuntimeException e) {
            release(reader, content, e);
            throw e;
        }
    }

    private static void release(RowReader reader, InputStream content, Exception failure) {
        try {
            if (reader != null) {
                reader.close();
            } else {
                content.close();
            }
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Hands back the row {@link #open} read to check the file was not empty, then the rest. */
    private static final class FirstRowAhead implements RowReader {

        private final RowReader rest;
        private RowResult first;

        FirstRowAhead(RowResult first, RowReader rest) {
            this.first = first;
            this.rest = rest;
        }

        @Override
        public RowResult next() throws FileReadException {
            if (first != null) {
                RowResult row = first;
                first = null;
                return row;
            }
            return rest.next();
        }

        @Override
        public void close() {
            rest.close();
        }
    }
}
