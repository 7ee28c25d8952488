package br.com.etlvendas.load.lake;

import br.com.etlvendas.sale.DecimalBounds;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The open batches of the lake writer, one table per Kafka partition in an in-process DuckDB, and their
 * conversion to Parquet. Lines are appended with DuckDB's appender (columnar, off the Java heap); DuckDB keeps
 * them within {@code memoryLimitMb} and spills the rest to {@code workDir}, so a batch of any size costs the JVM
 * nothing. Columns are those of the warehouse's {@code sale_line} (less {@code loaded_at}): money and quantities
 * as {@code DECIMAL(38, 20)}, which holds every value a sale may carry ({@link DecimalBounds}: 18 digits before
 * the point, 20 after) exactly; {@code sold_at} as a UTC instant ({@code TIMESTAMP WITH TIME ZONE}); the
 * attributes as a JSON object in text; and where the line's record was ({@code kafka_partition}, {@code kafka_offset})
 * with its {@link br.com.etlvendas.sale.SaleRevision} ({@code revision}: NEW, LINES or WHOLE), from which
 * {@code deploy/lake/sale_line_current.sql} derives the lines the warehouse holds; then the columns added since,
 * nullable ({@code installments}), which files written before them lack and readers take by name. Only the
 * writer's thread uses an instance.
 */
final class ParquetStaging implements AutoCloseable {

    /** Precision and scale of every decimal column: {@link DecimalBounds}' digits, all of them. */
    static final int DECIMAL_SCALE = DecimalBounds.MAX_FRACTION_DIGITS;
    private static final String DECIMAL = "DECIMAL(" + (DecimalBounds.MAX_INTEGER_DIGITS + DECIMAL_SCALE) + ", " + DECIMAL_SCALE + ")";

    /** The columns of a lake file, in order. */
    static final String COLUMNS = "sale_id, line_no, sold_at, store_id, store_name, store_city, store_state, store_country, "
            + "channel, customer_id, customer_name, customer_document, payment_method, currency, status, sku, product_name, "
            + "category, quantity, unit_price, discount, net_amount, attributes, source, kafka_partition, kafka_offset, revision, "
            + "installments";

    private static final String TABLE_SHAPE = "(sale_id VARCHAR NOT NULL, line_no INTEGER NOT NULL, sold_at TIMESTAMPTZ NOT NULL, "
            + "store_id VARCHAR NOT NULL, store_name VARCHAR, store_city VARCHAR, store_state VARCHAR NOT NULL, "
            + "store_country VARCHAR NOT NULL, channel VARCHAR NOT NULL, customer_id VARCHAR, customer_name VARCHAR, "
            + "customer_document VARCHAR, payment_method VARCHAR, currency VARCHAR NOT NULL, status VARCHAR NOT NULL, "
            + "sku VARCHAR NOT NULL, product_name VARCHAR, category VARCHAR, quantity " + DECIMAL + " NOT NULL, "
            + "unit_price " + DECIMAL + " NOT NULL, discount " + DECIMAL + " NOT NULL, net_amount " + DECIMAL + " NOT NULL, "
            + "attributes VARCHAR NOT NULL, source VARCHAR NOT NULL, kafka_partition INTEGER NOT NULL, "
            + "kafka_offset BIGINT NOT NULL, revision VARCHAR NOT NULL, installments INTEGER, dt DATE NOT NULL)";

    /**
     * Rows a partitioned {@code COPY} may hold per MB of {@code memoryLimitMb}: DuckDB buffers them whole before it
     * writes (a lake row takes a few hundred bytes there), so at a quarter of the limit at most ~1 KiB a row.
     */
    private static final long ROWS_PER_COPY_PER_MB = 256;
    /**
     * MB of {@code memoryLimitMb} per sale date a partitioned {@code COPY} writes: each date open in it takes buffers
     * of its own, about 1 MB for the lake's columns (measured with DuckDB 1.5: 32 MB next to a batch of 20,000 rows
     * held 16 dates, not 24; 256 MB next to 200,000 rows held 128, not 256), so 4 MB a date leaves room for the batch
     * tables.
     */
    private static final int MB_PER_DATE_IN_COPY = 4;
    /** Below DuckDB's own flush threshold of a partitioned write (524,288 rows), past which it splits a date's file. */
    private static final long MAX_ROWS_PER_COPY = 500_000;
    /** The name DuckDB gives each file it writes (then {@code 0.parquet}); the lake's names are given on storing. */
    private static final String FILE_NAME = "part";

    private final long rowsPerCopy;
    private final int datesPerCopy;
    private final Connection connection;
    private final DuckDBConnection duck;
    private final Map<Integer, DuckDBAppender> appenders = new HashMap<>();
    private final Set<Integer> tables = new HashSet<>();

    ParquetStaging(Path workDir, int memoryLimitMb) throws SQLException {
        try {
            Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the lake writer's work directory " + workDir + ": " + e.getMessage(), e);
        }
        this.rowsPerCopy = Math.min(memoryLimitMb * ROWS_PER_COPY_PER_MB, MAX_ROWS_PER_COPY);
        this.datesPerCopy = Math.max(1, memoryLimitMb / MB_PER_DATE_IN_COPY);
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        this.duck = connection.unwrap(DuckDBConnection.class);
        try (Statement st = connection.createStatement()) {
            // one thread: the lake shares two cores with Streams and the warehouse loader
            st.execute("SET threads = 1");
            st.execute("SET memory_limit = '" + memoryLimitMb + "MB'");
            st.execute("SET temp_directory = '" + quoted(workDir.resolve("spill").toAbsolutePath().toString()) + "'");
            st.execute("SET preserve_insertion_order = true");
            // a partitioned COPY never flushes part of a date early, which would split its file in two
            st.execute("SET partitioned_write_flush_threshold = " + (rowsPerCopy + 1));
        }
    }

    /** Appends every line of {@code sale}, read from {@code partition} at {@code offset}, to that partition's batch. */
    void append(Sale sale, int partition, long offset) throws SQLException {
        DuckDBAppender a = appender(partition);
        LocalDate date = LakeLayout.saleDate(sale);
        String payment = sale.paymentMethod() == null ? null : sale.paymentMethod().name();
        String revision = sale.revisionOrNew().name();
        for (SaleLine l : sale.lines()) {
            a.beginRow();
            a.append(sale.saleId()).append(l.lineNo()).append(sale.soldAt());
            a.append(sale.store().storeId()).append(sale.store().name()).append(sale.store().city())
                    .append(sale.store().state()).append(sale.store().country());
            a.append(sale.channel().name());
            a.append(sale.customer().customerId()).append(sale.customer().name()).append(sale.customer().document());
            a.append(payment).append(sale.currency()).append(sale.status().name());
            a.append(l.sku()).append(l.productName()).append(l.category());
            a.append(exact(l.quantity())).append(exact(l.unitPrice().amount())).append(exact(l.discount().amount()))
                    .append(exact(l.netAmount().amount()));
            a.append(attributesJson(l.attributes())).append(sale.source());
            a.append(partition).append(offset).append(revision).append(sale.installments()).append(date);
            a.endRow();
        }
    }

    /**
     * Writes the partition's batch as Parquet, one file per sale date, in offset order, under {@code dir} (emptied
     * first) as {@code dt=YYYY-MM-DD/part0.parquet}; returns the files by date. Consecutive dates go to disk together in
     * one partitioned {@code COPY} of at most {@link #rowsPerCopy} rows and {@link #datesPerCopy} dates, which DuckDB
     * holds in memory until it writes them (a few {@code COPY}s per batch instead of one per date, within
     * {@code memoryLimitMb}); a date with more rows than that alone is written by a plain {@code COPY}, which streams. Each date thus always gets exactly one file, which is checked.
     */
    SortedMap<LocalDate, Path> writeParquet(int partition, Path dir) throws SQLException, IOException {
        SortedMap<LocalDate, Path> files = new TreeMap<>();
        deleteTree(dir);
        if (!tables.contains(partition)) {
            return files;
        }
        closeAppender(partition);
        Files.createDirectories(dir);
        List<LocalDate> group = new ArrayList<>();
        long groupRows = 0;
        for (Map.Entry<LocalDate, Long> day : rowsPerDate(partition).entrySet()) {
            if (!group.isEmpty() && (groupRows + day.getValue() > rowsPerCopy || group.size() == datesPerCopy)) {
                copy(partition, group, dir);
                group.clear();
                groupRows = 0;
            }
            group.add(day.getKey());
            groupRows += day.getValue();
        }
        if (!group.isEmpty()) {
            copy(partition, group, dir);
        }
        try (DirectoryStream<Path> days = Files.newDirectoryStream(dir)) {
            for (Path day : days) {
                files.put(dateOfDirectory(day), onlyFileIn(day));
            }
        }
        return files;
    }

    /** Rows per partitioned {@code COPY}: DuckDB keeps them all in memory until it writes their files. */
    long rowsPerCopy() {
        return rowsPerCopy;
    }

    /** Sale dates per partitioned {@code COPY}: each open date takes buffers of its own. */
    int datesPerCopy() {
        return datesPerCopy;
    }

    private SortedMap<LocalDate, Long> rowsPerDate(int partition) throws SQLException {
        SortedMap<LocalDate, Long> rows = new TreeMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT dt, count(*) FROM " + table(partition) + " GROUP BY dt")) {
            while (rs.next()) {
                rows.put(rs.getObject(1, LocalDate.class), rs.getLong(2));
            }
        }
        return rows;
    }

    private void copy(int partition, List<LocalDate> dates, Path dir) throws SQLException, IOException {
        LocalDate from = dates.get(0);
        LocalDate to = dates.get(dates.size() - 1);
        try (Statement st = connection.createStatement()) {
            if (dates.size() == 1) {
                Path day = Files.createDirectories(dir.resolve(LakeLayout.dateDirectory(from)));
                st.execute("COPY (SELECT " + COLUMNS + " FROM " + table(partition) + " WHERE dt = DATE '" + from
                        + "' ORDER BY kafka_offset, line_no) TO '" + quoted(day.resolve(FILE_NAME + "0.parquet").toString())
                        + "' (FORMAT parquet, COMPRESSION zstd)");
            } else {
                // sorted by date, so DuckDB fills one date's file after another rather than all of them at once
                st.execute("COPY (SELECT " + COLUMNS + ", dt FROM " + table(partition) + " WHERE dt BETWEEN DATE '" + from
                        + "' AND DATE '" + to + "' ORDER BY dt, kafka_offset, line_no) TO '" + quoted(dir.toString())
                        + "' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (dt), FILENAME_PATTERN '" + FILE_NAME
                        + "{i}', OVERWRITE_OR_IGNORE)");
            }
        }
    }

    private static LocalDate dateOfDirectory(Path day) {
        String name = day.getFileName().toString();
        if (!name.startsWith("dt=")) {
            throw new IllegalStateException("DuckDB wrote " + day + ", which is not a sale date's directory");
        }
        return LocalDate.parse(name.substring(3));
    }

    private static Path onlyFileIn(Path day) throws IOException {
        try (var entries = Files.list(day)) {
            List<Path> files = entries.toList();
            if (files.size() != 1) {
                throw new IllegalStateException("DuckDB wrote " + files.size() + " files for one sale date in " + day
                        + ", expected one: " + files);
            }
            return files.get(0);
        }
    }

    /** Deletes {@code dir} and everything under it, if it is there. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Forgets the partition's batch (written, or abandoned after a rebalance). */
    void discard(int partition) throws SQLException {
        closeAppender(partition);
        if (tables.remove(partition)) {
            try (Statement st = connection.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + table(partition));
            }
        }
    }

    @Override
    public void close() throws SQLException {
        for (DuckDBAppender a : appenders.values()) {
            a.close();
        }
        appenders.clear();
        connection.close();
    }

    private DuckDBAppender appender(int partition) throws SQLException {
        DuckDBAppender a = appenders.get(partition);
        if (a == null) {
            if (!tables.contains(partition)) {
                try (Statement st = connection.createStatement()) {
                    st.execute("CREATE TABLE " + table(partition) + " " + TABLE_SHAPE);
                }
                tables.add(partition);
            }
            a = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, table(partition));
            appenders.put(partition, a);
        }
        return a;
    }

    private void closeAppender(int partition) throws SQLException {
        DuckDBAppender a = appenders.remove(partition);
        if (a != null) {
            a.close();
        }
    }

    private static String table(int partition) {
        return "batch_p" + partition;
    }

    /** The value at the columns' scale; never rounds, as every bounded value fits (validation enforces the bounds). */
    private static BigDecimal exact(BigDecimal v) {
        return v.setScale(DECIMAL_SCALE);
    }

    private static String attributesJson(Map<String, String> attributes) {
        if (attributes.isEmpty()) {
            return "{}";
        }
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        StringBuilder sb = new StringBuilder(32 * attributes.size()).append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : attributes.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append('"').append(enc.quoteAsString(e.getKey())).append("\":");
            if (e.getValue() == null) {
                sb.append("null");
            } else {
                sb.append('"').append(enc.quoteAsString(e.getValue())).append('"');
            }
        }
        return sb.append('}').toString();
    }

    private static String quoted(String sqlText) {
        return sqlText.replace("'", "''");
    }
}
