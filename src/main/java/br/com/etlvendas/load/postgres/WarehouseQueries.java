package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.Money;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Read-only figures from the warehouse, for reconciliation and reporting. */
public final class WarehouseQueries {

    private final DataSource dataSource;

    public WarehouseQueries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Lines and revenue (completed sales only) loaded from one source: what reconciliation checks. No distinct
     * count, so PostgreSQL neither sorts nor hashes the source's rows; reconciliation runs it while loading.
     */
    public SourceLines linesForSource(String source) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*), "
                     + "coalesce(sum(net_amount) FILTER (WHERE status = 'COMPLETED'), 0) "
                     + "FROM sale_line WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new SourceLines(rs.getLong(1), Money.of(rs.getBigDecimal(2)));
            }
        }
    }

    /** {@code revenue} sums completed sales only. */
    public record SourceLines(long lines, Money revenue) {
    }

    /** Figures a data team checks a load against: distinct orders, customers and products, quantity, revenue. */
    public LoadTotals loadTotals(String source) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*), count(DISTINCT sale_id), count(DISTINCT customer_id), "
                     + "count(DISTINCT sku), coalesce(sum(quantity), 0), coalesce(sum(net_amount), 0) "
                     + "FROM sale_line WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new LoadTotals(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getBigDecimal(5),
                        Money.of(rs.getBigDecimal(6)));
            }
        }
    }

    /** {@code netAmount} sums every loaded line, whatever the sale's status. */
    public record LoadTotals(long lines, long orders, long customers, long products, BigDecimal quantity, Money netAmount) {
    }
}
