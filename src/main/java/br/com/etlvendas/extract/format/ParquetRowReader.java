package br.com.etlvendas.extract.format;

import br.com.etlvendas.extract.RowResult;
import br.com.etlvendas.extract.SourceRow;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.duckdb.DuckDBDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.Properties;

/**
 * Reads a Parquet file through an in-memory DuckDB, streaming the result set row by row. Parquet keeps its
 * index at the end of the file, so the stream is first copied to a temporary file, deleted on close. Each row
 * becomes an object of column name to text (decimals exact, timestamps ISO-8601) or null, numbered from 1.
 */
final class ParquetRowReader implements RowReader {

    private static final Logger log = LoggerFactory.getLogger(ParquetRowReader.class);

    private final String fileName;
    private final Path copy;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final String[] columns;
    private final int[] types;
    private long index;

    private ParquetRowReader(String fileName, Path copy, Connection connection, PreparedStatement statement,
                             ResultSet rows) throws SQLException {
        this.fileName = fileName;
        this.copy = copy;
        this.connection = connection;
        this.statement = statement;
        this.rows = rows;
        ResultSetMetaData meta = rows.getMetaData();
        this.columns = new String[meta.getColumnCount()];
        this.types = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = meta.getColumnName(i + 1);
            types[i] = meta.getColumnType(i + 1);
        }
    }

    static ParquetRowReader open(InputStream in, String fileName) throws FileReadException {
        Path copy = copyToTempFile(in, fileName);
        Connection connection = null;
        PreparedStatement statement = null;
        try {
            Properties properties = new Properties();
            // without this DuckDB materialises the whole result before the first row
            properties.setProperty(DuckDBDriver.JDBC_STREAM_RESULTS, "true");
            connection = DriverManager.getConnection("jdbc:duckdb:", properties);
            statement = connection.prepareStatement("SELECT * FROM read_parquet(?)");
            statement.setString(1, copy.toString());
            return new ParquetRowReader(fileName, copy, connection, statement, statement.executeQuery());
        } catch (SQLException e) {
            FileReadException failure = new FileReadException(fileName + ": not a readable Parquet file ("
                    + firstLine(e.getMessage()) + ")", e);
            closeAll(statement, connection, copy, failure);
            throw failure;
        }
    }

    private static Path copyToTempFile(InputStream in, String fileName) throws FileReadException {
        Path copy;
        try {
            copy = Files.createTempFile("etl-vendas-", ".parquet");
        } catch (IOException e) {
            throw new FileReadException(fileName + ": cannot create a temporary file for Parquet: " + e.getMessage(), e);
        }
        long size;
        try (in) {
            size = Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            FileReadException failure = FileInput.unreadable(fileName, "the Parquet bytes", e);
            closeAll(null, null, copy, failure);
            throw failure;
        }
        if (size == 0) {
            FileReadException failure = new FileReadException(fileName + ": file is empty");
            closeAll(null, null, copy, failure);
            throw failure;
        }
        return copy;
    }

    @Override
    public RowResult next() throws FileReadException {
        try {
            if (!rows.next()) {
                return null;
            }
            index++;
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < columns.length; i++) {
                data.put(columns[i], text(i + 1, types[i]));
            }
            return new SourceRow(index, data, SourceJson.render(data));
        } catch (SQLException e) {
            throw new FileReadException(fileName + ": cannot read Parquet row " + (index + 1) + " ("
                    + firstLine(e.getMessage()) + ")", e);
        }
    }

    /** Text of one value, null for SQL NULL; decimals keep their scale, timestamps read as ISO-8601 like the JSON sources. */
    private String text(int column, int type) throws SQLException {
        return switch (type) {
            case Types.DECIMAL, Types.NUMERIC -> {
                BigDecimal value = rows.getBigDecimal(column);
                yield value == null ? null : value.toPlainString();
            }
            case Types.TIMESTAMP -> {
                LocalDateTime value = rows.getObject(column, LocalDateTime.class);
                yield value == null ? null : value.toString();
            }
            default -> rows.getString(column);
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }

    @Override
    public void close() {
        try {
            rows.close();
        } catch (SQLException e) {
            log.warn("Could not close the DuckDB result for Parquet file {}: {}", fileName, e.getMessage(), e);
        }
        closeAll(statement, connection, copy, null);
    }

    /** Releases DuckDB and removes the copy; failures join {@code failure} when there is one, else are logged. */
    private static void closeAll(PreparedStatement statement, Connection connection, Path copy, Exception failure) {
        for (AutoCloseable resource : new AutoCloseable[] {statement, connection, () -> Files.deleteIfExists(copy)}) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure != null) {
                    failure.addSuppressed(e);
                } else {
                    log.warn("Could not release Parquet resources ({}): {}", copy, e.getMessage(), e);
                }
            }
        }
    }
}
