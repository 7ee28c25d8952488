package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowError;
import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.extract.format.FormatSpec.Compression;
import br.com.etlvendas.extract.format.FormatSpec.Type;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** Test fixtures for the row readers: format specs, gzip, and reading a whole file into a list. */
final class RowReading {

    private RowReading() {
    }

    static FormatSpec spec(Type type, char delimiter, boolean header, Charset encoding, Compression compression,
                           int skipLines) {
        return new FormatSpec(type, delimiter, '"', Optional.empty(), header, encoding, compression, skipLines);
    }

    static FormatSpec csv(char delimiter) {
        return spec(Type.AUTO, delimiter, true, StandardCharsets.UTF_8, Compression.AUTO, 0);
    }

    static FormatSpec auto() {
        return FormatSpec.defaults();
    }

    static List<RowResult> readAll(byte[] bytes, FormatSpec spec, String fileName) throws FileReadException {
        return readAll(new ByteArrayInputStream(bytes), spec, fileName);
    }

    static List<RowResult> readAll(InputStream in, FormatSpec spec, String fileName) throws FileReadException {
        List<RowResult> rows = new ArrayList<>();
        try (RowReader reader = RowReaders.open(in, spec, fileName)) {
            for (RowResult row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
            // a finished reader keeps answering null
            if (reader.next() != null) {
                throw new AssertionError("reader returned a row after its end");
            }
        }
        return rows;
    }

    static SourceRow sourceRow(RowResult result) {
        if (result instanceof SourceRow row) {
            return row;
        }
        throw new AssertionError("expected a SourceRow, got " + result);
    }

    static RowError rowError(RowResult result) {
        if (result instanceof RowError error) {
            return error;
        }
        throw new AssertionError("expected a RowError, got " + result);
    }

    /** Writes a Parquet file with DuckDB, the way an upstream export would. */
    static Path parquet(Path dir, String query) throws SQLException {
        Path file = dir.resolve("t" + System.nanoTime() + ".parquet");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + query + ") TO '" + file + "' (FORMAT parquet)");
        }
        return file;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[] first, byte[] second) {
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
