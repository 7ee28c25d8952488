package br.com.etlvendas.bench;

import br.com.etlvendas.load.postgres.SaleLineCopyFormat;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The warehouse ceiling: the lines the pipeline loaded, exported from {@code sale_line} to a file (not
 * timed), then loaded again by one plain {@code COPY} into a new table made {@code LIKE sale_line INCLUDING
 * ALL} — the same columns, defaults, constraints and indexes — in one transaction, on the same server with
 * the same durability settings. Run twice, each time into a fresh table, and the faster run kept: a
 * checkpoint or an autovacuum of {@code sale_line} landing in one run would otherwise lower the ceiling and
 * flatter the ratio.
 */
final class CopyCeiling {

    private static final String TABLE = "bench_copy_ceiling";

    private final DataSource warehouse;
    private final Path workDir;

    CopyCeiling(DataSource warehouse, Path workDir) {
        this.warehouse = warehouse;
        this.workDir = workDir;
    }

    /** Rows per second of each COPY (and its commit) of the lines of {@code source}, in run order. */
    double[] rowsPerSecond(String source, long expectedRows) throws SQLException, IOException {
        Path file = workDir.resolve("copy-ceiling.csv");
        try (Connection c = warehouse.getConnection()) {
            try (OutputStream out = Files.newOutputStream(file)) {
                c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (SELECT " + SaleLineCopyFormat.COLUMNS
                        + " FROM sale_line WHERE source = '" + source.replace("'", "''") + "') TO STDOUT WITH (FORMAT csv)", out);
            }
            return new double[]{copyOnce(c, file, expectedRows), copyOnce(c, file, expectedRows)};
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** One timed COPY of the file's bytes, as they are, into a fresh clone of the table, and its commit. */
    private static double copyOnce(Connection c, Path file, long expectedRows) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + TABLE);
            st.execute("CREATE TABLE " + TABLE + " (LIKE sale_line INCLUDING ALL)");
            st.execute("CHECKPOINT"); // the export's and the new table's writes are not charged to the COPY
        }
        c.setAutoCommit(false);
        long start = System.nanoTime();
        long rows;
        try (InputStream in = Files.newInputStream(file)) {
            rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SaleLineCopyFormat.copyInto(TABLE), in, 256 * 1024);
        }
        c.commit();
        double seconds = (System.nanoTime() - start) / 1e9;
        c.setAutoCommit(true);
        if (rows != expectedRows) {
            throw new IllegalStateException("the COPY ceiling loaded " + rows + " rows, expected " + expectedRows);
        }
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE " + TABLE);
        }
        return rows / seconds;
    }
}
