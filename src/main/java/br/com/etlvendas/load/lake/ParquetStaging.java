package br.com.etlvendas.load.lake;

import br.com.etlvendas.sale.DecimalBounds;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        this.connection = DriverManager.getConnection("jdbc:duckdb:");
        this.duck = connection.unwrap(DuckDBConnection.class);
        try (Statement st = connection.createStatement()) {
            // one thread: the lake shares two cores with Streams and the warehouse loader
            st.execute("SET threads = 1");
            st.execute("SET memory_limit = '" + memoryLimitMb + "MB'");
            st.execute("SET temp_directory = '" + quoted(workDir.resolve("spill").toAbsolutePath().toString()) + "'");
            st.execute("SET preserve_insertion_order = true");
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

    /** The sale dates present in the partition's batch, in order. */
    List<LocalDate> dates(int partition) throws SQLException {
        List<LocalDate> dates = new ArrayList<>();
        if (!tables.contains(partition)) {
            return dates;
        }
        closeAppender(partition);
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT dt FROM " + table(partition) + " ORDER BY dt")) {
            while (rs.next()) {
                dates.add(rs.getObject(1, LocalDate.class));
            }
        }
        return dates;
    }

    /** Writes the partition's lines dated {@code date} to {@code file} as Parquet, in offset order; returns the line count. */
    long writeParquet(int partition, LocalDate date, Path file) throws SQLException {
        closeAppender(partition);
        try (Statement st = connection.createStatement()) {
            st.execute("COPY (SELECT " + COLUMNS + " FROM " + table(partition) + " WHERE dt = DATE '" + date
                    + "' ORDER BY kafka_offset, line_no) TO '" + quoted(file.toAbsolutePath().toString())
                    + "' (FORMAT parquet, COMPRESSION zstd)");
            return st.getUpdateCount();
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
