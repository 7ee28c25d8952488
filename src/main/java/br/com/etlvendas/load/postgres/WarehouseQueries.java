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

    /** Lines, distinct completed orders and revenue (completed sales only) loaded from one source. */
    public SourceTotals totalsForSource(String source) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*), "
                     + "count(DISTINCT sale_id) FILTER (WHERE status = 'COMPLETED'), "
                     + "coalesce(sum(net_amount) FILTER (WHERE status = 'COMPLETED'), 0) "
                     + "FROM sale_line WHERE source = ?")) {
            ps.setString(1, source);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                BigDecimal revenue = rs.getBigDecimal(3);
                return new SourceTotals(rs.getLong(1), rs.getLong(2), Money.of(revenue));
            }
        }
    }

    public record SourceTotals(long lines, long orders, Money revenue) {
    }
}
