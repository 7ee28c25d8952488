package br.com.etlvendas.bench;

import br.com.etlvendas.load.postgres.SaleLineCopyFormat;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The warehouse ceiling: the lines the pipeline loaded, exported from {@code sale_line} to a file (not
 * timed), then loaded again by one plain {@code COPY} into a new table made {@code LIKE sale_line INCLUDING
 * ALL} — the same columns, defaults, constraints and indexes — in one transaction, on the same server with
 * the same durability settings.
 */
final class CopyCeiling {

    private static final String TABLE = "bench_copy_ceiling";

    private final DataSource warehouse;
    private final Path workDir;

    CopyCeiling(DataSource warehouse, Path workDir) {
        this.warehouse = warehouse;
        this.workDir = workDir;
    }

    /** Rows per second of the COPY (and its commit) of the lines of {@code source}. */
    double rowsPerSecond(String source, long expectedRows) throws SQLException, IOException {
        Path file = workDir.resolve("copy-ceiling.csv");
        try (Connection c = warehouse.getConnection()) {
            try (OutputStream out = Files.newOutputStream(file)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + SaleLineCopyFormat.COLUMNS
                        + " FROM sale_line WHERE source = '" + source.replace("'", "''") + "') TO STDOUT WITH (FORMAT csv)", out);
            }
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + TABLE);
                st.execute("CREATE TABLE " + TABLE + " (LIKE sale_line INCLUDING ALL)");
                st.execute("CHECKPOINT"); // the export's and the new table's writes are not charged to the COPY
            }
            c.setAutoCommit(false);
            long start = System.nanoTime();
            long rows;
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SaleLineCopyFormat.copyInto(TABLE), in);
            }
            c.commit();
            double seconds = (System.nanoTime() - start) / 1e9;
            if (rows != expectedRows) {
                throw new IllegalStateException("the COPY ceiling loaded " + rows + " rows, expected " + expectedRows);
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE " + TABLE);
            }
            return rows / seconds;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
