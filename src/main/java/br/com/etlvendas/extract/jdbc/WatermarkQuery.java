package br.com.etlvendas.extract.jdbc;

import br.com.etlvendas.config.JdbcSourceConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Fetches the next batch of a table or query after a watermark, ordered by the watermark, and cuts it so
 * that a watermark value is never split between two batches: rows sharing the last value of a full batch
 * are left for the next batch (which reads {@code > previous value}), and a full batch made of one value
 * only is fetched again with a doubled limit until the value's rows all fit. So ties do not lose rows, as
 * long as rows are never added later with a watermark at or below one already read (see
 * {@link JdbcSource}). Reads only; opens no transaction.
 */
final class WatermarkQuery {

    private static final Logger log = LoggerFactory.getLogger(WatermarkQuery.class);
    private static final int QUERY_TIMEOUT_SECONDS = 600;

    /** One fetched row: its columns as text and its watermark (null when the column is NULL). */
    record Row(ObjectNode data, Watermark watermark) {
    }

    /** A batch to publish whole; {@code caughtUp} when the source had no more rows after it. */
    record Batch(List<Row> rows, boolean caughtUp) {
    }

    private final JdbcSourceConfig config;

    WatermarkQuery(JdbcSourceConfig config) {
        this.config = config;
    }

    /**
     * The next batch after {@code after}: empty reads from the start; a watermark of no kind (the configured
     * {@code initial-watermark}, or a position set by hand) is typed as the query's parameter.
     */
    Batch next(Connection c, Optional<Watermark> after) throws SQLException {
        int limit = config.batchSize();
        while (true) {
            List<Row> rows = fetch(c, after, limit);
            if (rows.size() < limit) {
                return new Batch(rows, true);
            }
            Watermark last = lastWatermark(rows);
            int firstOfLast = firstIndexOf(rows, last);
            if (firstOfLast > 0) {
                return new Batch(List.copyOf(rows.subList(0, firstOfLast)), false);
            }
            log.warn("Source {}: more than {} rows share the watermark {} = {}; fetching them in one batch",
                    config.name(), limit, config.watermarkColumn(), last == null ? "NULL" : last.value());
            limit = Math.multiplyExact(limit, 2);
        }
    }

    private static Watermark lastWatermark(List<Row> rows) {
        for (int i = rows.size() - 1; i >= 0; i--) {
            if (rows.get(i).watermark() != null) {
                return rows.get(i).watermark();
            }
        }
        return null;
    }

    /** Index of the first row carrying {@code value}; rows with no watermark before it stay in the batch. */
    private static int firstIndexOf(List<Row> rows, Watermark value) {
        if (value == null) {
            return 0;
        }
        for (int i = 0; i < rows.size(); i++) {
            if (value.sameValue(rows.get(i).watermark())) {
                return i;
            }
        }
        return 0;
    }

    private List<Row> fetch(Connection c, Optional<Watermark> after, int limit) throws SQLException {
        boolean fromStart = after.isEmpty();
        String sql = config.query().isPresent() ? config.query().get() : generated(c, fromStart);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            ps.setFetchSize(Math.min(limit, 10_000));
            int parameters = ps.getParameterMetaData().getParameterCount();
            int next = 1;
            if (!(fromStart && config.query().isEmpty())) {
                Watermark watermark = watermarkToBind(ps, after);
                try {
                    watermark.bind(ps, next++);
                } catch (RuntimeException e) {
                    throw new SQLException("watermark '" + watermark.value() + "' is not a valid " + watermark.kind()
                            + " value for " + config.watermarkColumn() + " (check initial-watermark): " + e.getMessage(), "22000", e);
                }
            }
            if (parameters >= next) {
                ps.setInt(next, limit);
            } else {
                ps.setMaxRows(limit);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int column = rs.findColumn(config.watermarkColumn());
                Watermark.Kind kind = Watermark.Kind.of(rs.getMetaData().getColumnType(column),
                        rs.getMetaData().getColumnTypeName(column));
                JdbcRowReader reader = new JdbcRowReader(rs.getMetaData());
                List<Row> rows = new ArrayList<>();
                while (rs.next() && rows.size() < limit) {
                    rows.add(new Row(reader.read(rs), Watermark.read(rs, column, kind)));
                }
                return rows;
            }
        }
    }

    /** The watermark typed as the query's parameter when it has no kind; the kind's minimum when there is none. */
    private static Watermark watermarkToBind(PreparedStatement ps, Optional<Watermark> after) throws SQLException {
        if (after.isPresent() && after.get().kind() != null) {
            return after.get();
        }
        Watermark.Kind kind = parameterKind(ps);
        return after.map(w -> new Watermark(kind, w.value())).orElseGet(() -> Watermark.minimum(kind));
    }

    private static Watermark.Kind parameterKind(PreparedStatement ps) throws SQLException {
        try {
            ParameterMetaData pmd = ps.getParameterMetaData();
            return Watermark.Kind.of(pmd.getParameterType(1), pmd.getParameterTypeName(1));
        } catch (SQLException e) {
            // drivers without parameter metadata (MySQL by default) convert text themselves
            return Watermark.Kind.TEXT;
        }
    }

    /** {@code SELECT * FROM t WHERE wm > ? ORDER BY wm LIMIT ?}, identifiers quoted as the database quotes them. */
    private String generated(Connection c, boolean fromStart) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        String q = md.getIdentifierQuoteString().strip();
        String table = Arrays.stream(config.table().orElseThrow().split("\\.", -1))
                .map(part -> quote(part, q)).collect(Collectors.joining("."));
        String wm = quote(config.watermarkColumn(), q);
        return "SELECT * FROM " + table + " WHERE " + wm + (fromStart ? " IS NOT NULL" : " > ?")
                + " ORDER BY " + wm + " LIMIT ?";
    }

    static String quote(String identifier, String quote) {
        if (quote.isEmpty()) {
            return identifier;
        }
        return quote + identifier.replace(quote, quote + quote) + quote;
    }
}
