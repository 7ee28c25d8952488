package br.com.etlvendas.serve;

import br.com.etlvendas.sale.Money;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Every query the API and the dashboard make of the warehouse, read-only, over {@code sale_line} directly. Values
 * are always bound parameters; the only SQL text chosen by a request is a grouping expression picked from
 * {@link Grouping}'s fixed list. Money is summed per currency and never across currencies. Revenue, orders and
 * units count completed sales (as the KPI totals do); lines count every loaded line.
 */
public final class WarehouseApi {

    /** What KPIs are grouped by: a time bucket in the API's zone, or a dimension of the line. */
    public enum Grouping {
        MINUTE("minute", null), HOUR("hour", null), DAY("day", null),
        STORE("store", "store_id"), STATE("state", "store_state"), CHANNEL("channel", "channel"),
        CATEGORY("category", "coalesce(category, '')"), PAYMENT("payment", "coalesce(payment_method, '')"),
        SOURCE("source", "source");

        private final String label;
        private final String column;

        Grouping(String label, String column) {
            this.label = label;
            this.column = column;
        }

        public String label() {
            return label;
        }

        boolean isTime() {
            return column == null;
        }
    }

    private static final String FIGURES = "currency, "
            + "coalesce(sum(net_amount) FILTER (WHERE status = 'COMPLETED'), 0), "
            + "count(DISTINCT sale_id) FILTER (WHERE status = 'COMPLETED'), count(*), "
            + "coalesce(sum(quantity) FILTER (WHERE status = 'COMPLETED'), 0)";

    private static final String SALE_COLUMNS = "sale_id, line_no, sold_at, store_id, store_name, store_city, store_state, "
            + "channel, payment_method, currency, status, sku, product_name, category, quantity, unit_price, discount, "
            + "net_amount, source";

    private final DataSource dataSource;
    private final ZoneId zone;

    public WarehouseApi(DataSource dataSource, ZoneId zone) {
        this.dataSource = dataSource;
        this.zone = zone;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Work with one warehouse connection. */
    @FunctionalInterface
    public interface Reading<T> {
        T on(Connection c) throws SQLException;
    }

    /**
     * Runs {@code reading} in one read-only, repeatable-read transaction, so every query in it sees the warehouse
     * as of the same moment (a dashboard snapshot's figures agree with each other) and none can write.
     */
    public <T> T read(Reading<T> reading) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                return reading.on(c);
            } finally {
                c.rollback();
            }
        }
    }

    /** Totals per currency, or per group and currency; time buckets in time order, dimensions by revenue. */
    public List<KpiRow> kpis(Connection c, WarehouseFilter filter, Grouping by) throws SQLException {
        WarehouseFilter.Where where = filter.where();
        String key;
        if (by == null) {
            key = "''";
        } else if (by.isTime()) {
            key = "(date_trunc('" + by.label + "', sold_at AT TIME ZONE ?) AT TIME ZONE ?)";
        } else {
            key = by.column;
        }
        String order = by != null && by.isTime() ? "1, 2" : "3 DESC, 1, 2";
        String sql = "SELECT " + key + ", " + FIGURES + " FROM sale_line" + where.sql() + " GROUP BY 1, 2 ORDER BY " + order;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (by != null && by.isTime()) {
                ps.setString(i++, zone.getId());
                ps.setString(i++, zone.getId());
            }
            where.bind(ps, i);
            List<KpiRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String k = by != null && by.isTime()
                            ? rs.getObject(1, OffsetDateTime.class).atZoneSameInstant(zone).toOffsetDateTime().toString()
                            : rs.getString(1);
                    rows.add(KpiRow.of(by == null ? null : k, rs.getString(2).strip(), rs.getBigDecimal(3), rs.getLong(4),
                            rs.getLong(5), rs.getBigDecimal(6)));
                }
            }
            return rows;
        }
    }

    /** One page of lines, newest sale first, and how many lines the filter matches. */
    public SalesPage sales(Connection c, WarehouseFilter filter, int page, int size) throws SQLException {
        WarehouseFilter.Where where = filter.where();
        long total;
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sale_line" + where.sql())) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                total = rs.getLong(1);
            }
        }
        List<SaleLineRow> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + SALE_COLUMNS + " FROM sale_line" + where.sql()
                + " ORDER BY sold_at DESC, sale_id, line_no LIMIT ? OFFSET ?")) {
            int i = where.bind(ps, 1);
            ps.setInt(i++, size);
            ps.setLong(i, (long) (page - 1) * size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(SaleLineRow.from(rs, zone));
                }
            }
        }
        return new SalesPage(page, size, total, items);
    }

    /** The {@code n} products with the largest revenue in each currency. */
    public List<ProductRow> topProducts(Connection c, WarehouseFilter filter, int n) throws SQLException {
        WarehouseFilter.Where where = filter.where();
        String sql = "SELECT sku, product_name, currency, revenue, units, orders FROM ("
                + "SELECT sku, max(product_name) AS product_name, currency, sum(net_amount) AS revenue, sum(quantity) AS units, "
                + "count(DISTINCT sale_id) AS orders, row_number() OVER (PARTITION BY currency ORDER BY sum(net_amount) DESC, sku) AS rank "
                + "FROM sale_line" + and(where.sql(), "status = 'COMPLETED'") + " GROUP BY sku, currency) ranked "
                + "WHERE rank <= ? ORDER BY currency, revenue DESC, sku";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = where.bind(ps, 1);
            ps.setInt(i, n);
            List<ProductRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new ProductRow(rs.getString(1), rs.getString(2), rs.getString(3).strip(),
                            Money.of(rs.getBigDecimal(4)), rs.getBigDecimal(5).stripTrailingZeros(), rs.getLong(6)));
                }
            }
            return rows;
        }
    }

    /** The stores with lines matching the filter, their figures per currency, largest revenue first. */
    public List<StoreRow> stores(Connection c, WarehouseFilter filter, int limit) throws SQLException {
        WarehouseFilter.Where where = filter.where();
        String sql = "SELECT store_id, max(store_name), max(store_city), max(store_state), max(store_country), " + FIGURES
                + " FROM sale_line" + where.sql() + " GROUP BY store_id, currency ORDER BY 7 DESC, 1, 6 LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = where.bind(ps, 1);
            ps.setInt(i, limit);
            List<StoreRow> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new StoreRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5).strip(), KpiRow.of(null, rs.getString(6).strip(), rs.getBigDecimal(7),
                            rs.getLong(8), rs.getLong(9), rs.getBigDecimal(10))));
                }
            }
            return rows;
        }
    }

    /**
     * A number that grows whenever the loader commits: the sum of its stored offsets, written in the same
     * transaction as the rows. A tiny table, so the dashboard can ask every second whether anything changed.
     */
    public long loadedVersion(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(next_offset), 0) FROM loader_offset");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String and(String where, String condition) {
        return where.isEmpty() ? " WHERE " + condition : where + " AND " + condition;
    }

    /** KPIs of one group ({@code key}; null for the totals) in one currency. */
    public record KpiRow(String key, String currency, Money revenue, long orders, long lines, BigDecimal units,
                         Money averageTicket) {
        static KpiRow of(String key, String currency, BigDecimal revenue, long orders, long lines, BigDecimal units) {
            Money ticket = orders == 0 ? Money.ZERO
                    : Money.of(revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_EVEN));
            return new KpiRow(key, currency, Money.of(revenue), orders, lines, units.stripTrailingZeros(), ticket);
        }
    }

    public record SalesPage(int page, int size, long total, List<SaleLineRow> items) {
    }

    public record SaleLineRow(String saleId, int lineNo, String soldAt, String storeId, String storeName, String storeCity,
                              String storeState, String channel, String paymentMethod, String currency, String status,
                              String sku, String productName, String category, BigDecimal quantity, BigDecimal unitPrice,
                              BigDecimal discount, BigDecimal netAmount, String source) {
        static SaleLineRow from(ResultSet rs, ZoneId zone) throws SQLException {
            return new SaleLineRow(rs.getString(1), rs.getInt(2),
                    rs.getObject(3, OffsetDateTime.class).atZoneSameInstant(zone).toOffsetDateTime().toString(),
                    rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                    rs.getString(10).strip(), rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14),
                    rs.getBigDecimal(15), rs.getBigDecimal(16), rs.getBigDecimal(17), rs.getBigDecimal(18), rs.getString(19));
        }
    }

    public record ProductRow(String sku, String productName, String currency, Money revenue, BigDecimal units, long orders) {
    }

    public record StoreRow(String storeId, String storeName, String storeCity, String storeState, String storeCountry,
                           KpiRow figures) {
    }
}
