package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.it.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance of the star schema: after {@code ingest} of the Superstore export, revenue by category and by year
 * read from the analyst views (not from {@code sale_line}) equals the dataset's figures.
 * <p>
 * Expected figures, computed from {@code samples/superstore.csv} alone, outside the product: the column "Sales"
 * summed with Python's {@code decimal.Decimal} over {@code csv.DictReader}, grouped by "Category" and by the year of
 * "Order Date" (9,994 rows, 5,009 orders). Rounded to cents they are the published Kaggle "Sample - Superstore"
 * figures: total 2,297,200.86; Furniture 741,999.80, Office Supplies 719,047.03, Technology 836,154.03; 2014–2017
 * 484,247.50 / 470,532.51 / 609,205.60 / 733,215.26. Order dates are midnight in New York, which is the same calendar
 * day in the views' default reporting zone (America/Sao_Paulo, one to three hours ahead), so years match.
 */
@ExtendWith(EmbeddedStack.class)
class AnalystViewsSuperstoreIT {

    private static final String NAME = "analyst-views-superstore";

    private static final Map<String, BigDecimal> REVENUE_BY_CATEGORY = Map.of(
            "Furniture", new BigDecimal("741999.7953"),
            "Office Supplies", new BigDecimal("719047.0320"),
            "Technology", new BigDecimal("836154.0330"));
    private static final Map<String, BigDecimal> PUBLISHED_BY_CATEGORY = Map.of(
            "Furniture", new BigDecimal("741999.80"),
            "Office Supplies", new BigDecimal("719047.03"),
            "Technology", new BigDecimal("836154.03"));
    private static final Map<String, BigDecimal> REVENUE_BY_YEAR = Map.of(
            "2014", new BigDecimal("484247.4981"),
            "2015", new BigDecimal("470532.5090"),
            "2016", new BigDecimal("609205.5980"),
            "2017", new BigDecimal("733215.2552"));
    private static final Map<String, BigDecimal> PUBLISHED_BY_YEAR = Map.of(
            "2014", new BigDecimal("484247.50"),
            "2015", new BigDecimal("470532.51"),
            "2016", new BigDecimal("609205.60"),
            "2017", new BigDecimal("733215.26"));
    private static final BigDecimal TOTAL = new BigDecimal("2297200.8603");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenTheSuperstoreIngestWhenRevenueIsReadFromTheViewsThenByCategoryAndByYearItIsTheDatasetsFigures() throws Exception {
        // given the Superstore export ingested through the whole pipeline
        LoadedConfig config = EmbeddedStack.configFor(NAME, "    enabled: false");
        Path dir = EmbeddedStack.configDir(NAME);
        CliRun ingest = CliRun.of("ingest", Path.of("samples", "superstore.csv").toString(),
                "--mapping", "config/mappings/superstore.yml",
                "--config", dir.resolve("etl-config.yml").toString(), "--topics", dir.resolve("topics.yml").toString());
        assertThat(ingest.exitCode()).as(ingest.printed()).isZero();

        try (Connection c = DriverManager.getConnection(config.etl().warehouse().jdbcUrl().orElseThrow(),
                config.etl().warehouse().user(), "")) {
            // when revenue is read from the KPI views, by category and by the calendar's year
            Map<String, BigDecimal> byCategory = sums(c, "SELECT dimension_value, sum(revenue) FROM kpi_daily_by_dimension "
                    + "WHERE dimension = 'category' AND currency = 'USD' GROUP BY dimension_value");
            Map<String, BigDecimal> byYear = sums(c, "SELECT d.year::text, sum(k.revenue) FROM kpi_daily k "
                    + "JOIN dim_date d ON d.date = k.day WHERE k.currency = 'USD' GROUP BY d.year");

            // then they are the dataset's, exactly, and the published figures once rounded to cents
            assertThat(byCategory).isEqualTo(stripped(REVENUE_BY_CATEGORY));
            assertThat(byYear).isEqualTo(stripped(REVENUE_BY_YEAR));
            assertThat(cents(byCategory)).isEqualTo(stripped(PUBLISHED_BY_CATEGORY));
            assertThat(cents(byYear)).isEqualTo(stripped(PUBLISHED_BY_YEAR));

            // and the facts and dimensions hold the whole export: lines, orders, products, customers, one store
            assertThat(row(c, "SELECT count(*), sum(net_amount)::text FROM fact_sale_line WHERE currency = 'USD'"))
                    .isEqualTo("9994|" + TOTAL.toPlainString());
            assertThat(row(c, "SELECT count(*), sum(net_amount)::text, sum(lines), sum(units) FROM fact_sale"))
                    .isEqualTo("5009|" + TOTAL.toPlainString() + "|9994|37873");
            assertThat(row(c, "SELECT (SELECT count(*) FROM dim_product), (SELECT count(*) FROM dim_customer), "
                    + "(SELECT count(*) FROM dim_store), (SELECT (state LIKE 'US-%')::text FROM dim_store)"))
                    .isEqualTo("1862|793|1|true");
            assertThat(row(c, "SELECT sum(revenue)::text, sum(orders) FROM kpi_daily_by_dimension WHERE dimension = 'store'"))
                    .as("orders per store and day add up to the export's orders: each order has one day")
                    .isEqualTo(TOTAL.toPlainString() + "|5009");
        }
    }

    private static Map<String, BigDecimal> sums(Connection c, String sql) throws SQLException {
        Map<String, BigDecimal> sums = new TreeMap<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                sums.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros());
            }
        }
        return sums;
    }

    private static String row(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(i > 1 ? "|" : "").append(rs.getString(i));
            }
            return row.toString();
        }
    }

    private static Map<String, BigDecimal> stripped(Map<String, BigDecimal> figures) {
        Map<String, BigDecimal> out = new TreeMap<>();
        figures.forEach((k, v) -> out.put(k, v.stripTrailingZeros()));
        return out;
    }

    private static Map<String, BigDecimal> cents(Map<String, BigDecimal> figures) {
        Map<String, BigDecimal> out = new TreeMap<>();
        figures.forEach((k, v) -> out.put(k, v.setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros()));
        return out;
    }
}
