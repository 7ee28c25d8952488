package br.com.etlvendas.load.postgres;

import br.com.etlvendas.config.WarehouseConfig;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.sale.Channel;
import br.com.etlvendas.sale.Customer;
import br.com.etlvendas.sale.Money;
import br.com.etlvendas.sale.PaymentMethod;
import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleRevision;
import br.com.etlvendas.sale.SaleStatus;
import br.com.etlvendas.sale.Store;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The analyst views of {@code V3__star_schema.sql} over what the loader writes: corrections and cancellations move
 * the order fact and the KPI views at the loader's commit, currencies are never added together, days follow the
 * reporting zone, the read-only role reads but cannot write, and the migration stands where roles cannot be created.
 */
@ExtendWith(EmbeddedStack.class)
class AnalystViewsIT {

    private static final String SOURCE = "analyst-views";
    private static final String TOPIC = "sales.clean.analyst-views-it";
    private static final OffsetDateTime NOON_IN_SAO_PAULO = OffsetDateTime.of(2026, 11, 30, 12, 0, 0, 0, ZoneOffset.ofHours(-3));

    private WarehouseConfig warehouse;
    private HikariDataSource ds;
    private SaleLineBatchWriter writer;
    private long offset;

    @BeforeEach
    void connect() throws SQLException {
        warehouse = EmbeddedStack.configFor("analyst-views", "    enabled: false").etl().warehouse();
        ds = WarehouseDataSource.create(warehouse.jdbcUrl().orElseThrow(), warehouse.user(), "", "analyst-views-it");
        WarehouseSchema.migrate(ds);
        execute(ds, "DELETE FROM sale_line WHERE source = '" + SOURCE + "'");
        // each test numbers its records from offset 0, and the writer leaves out offsets the warehouse already holds
        execute(ds, "DELETE FROM loader_offset WHERE consumer_group = 'analyst-views-it'");
        execute(ds, "UPDATE reporting_zone SET zone = 'America/Sao_Paulo'");
        writer = new SaleLineBatchWriter(ds, "analyst-views-it");
    }

    @AfterEach
    void close() {
        ds.close();
    }

    @Test
    void shouldMoveTheOrderFactAndTheKpiViewsWhenOneSaleIsCorrectedAndAnotherCancelled() throws Exception {
        // given two completed sales on the same day: V-1 with lines of 10.00 and 5.00, V-2 with one of 7.00
        writer.write(List.of(record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.NEW, "BRL", line(1, "10.00"), line(2, "5.00"))),
                record(sale("V-2", SaleStatus.COMPLETED, SaleRevision.NEW, "BRL", line(1, "7.00")))));
        assertThat(query("SELECT lines || '|' || net_amount || '|' || status FROM fact_sale WHERE sale_id = 'V-1'"))
                .isEqualTo("2|15.00|COMPLETED");
        assertThat(query("SELECT revenue || '|' || orders || '|' || lines || '|' || cancelled_orders FROM kpi_daily "
                + "WHERE day = '2026-11-30'")).isEqualTo("22.00|2|3|0");

        // when V-1's new whole version keeps only line 1, at 9.50, and V-2 is cancelled
        writer.write(List.of(record(sale("V-1", SaleStatus.COMPLETED, SaleRevision.WHOLE, "BRL", line(1, "9.50"))),
                record(sale("V-2", SaleStatus.CANCELLED, SaleRevision.WHOLE, "BRL", line(1, "7.00")))));

        // then the order fact and every KPI view follow: V-1 is one line of 9.50, V-2 is cancelled and out of revenue
        assertThat(query("SELECT lines || '|' || net_amount || '|' || status FROM fact_sale WHERE sale_id = 'V-1'"))
                .isEqualTo("1|9.50|COMPLETED");
        assertThat(query("SELECT status FROM fact_sale WHERE sale_id = 'V-2'")).isEqualTo("CANCELLED");
        assertThat(query("SELECT count(*) FROM fact_sale_line WHERE sale_id = 'V-1'")).isEqualTo("1");
        assertThat(query("SELECT revenue || '|' || orders || '|' || lines || '|' || cancelled_orders FROM kpi_daily "
                + "WHERE day = '2026-11-30'")).isEqualTo("9.50|1|1|1");
        assertThat(query("SELECT revenue || '|' || orders || '|' || hour FROM kpi_hourly WHERE day = '2026-11-30'"))
                .isEqualTo("9.50|1|12");
        assertThat(query("SELECT string_agg(dimension || '=' || dimension_value || ':' || revenue || '/' || orders || '/' "
                + "|| cancelled_orders, ',' ORDER BY dimension) FROM kpi_daily_by_dimension WHERE day = '2026-11-30'"))
                .isEqualTo("category=Mercado:9.50/1/1,channel=STORE:9.50/1/1,payment=PIX:9.50/1/1,"
                        + "state=BR-SP:9.50/1/1,store=SP-001:9.50/1/1");
        assertThat(query("SELECT sum(revenue) FROM kpi_hourly_by_dimension WHERE dimension = 'payment'")).isEqualTo("9.50");
    }

    @Test
    void shouldNeverAddAmountsOfDifferentCurrencies() throws Exception {
        // given a sale in reais and one in dollars on the same day
        writer.write(List.of(record(sale("C-1", SaleStatus.COMPLETED, SaleRevision.NEW, "BRL", line(1, "10.00"))),
                record(sale("C-2", SaleStatus.COMPLETED, SaleRevision.NEW, "USD", line(1, "3.00")))));

        // when the day's KPIs are read, then there is one row per currency, in every view
        assertThat(query("SELECT string_agg(currency || '=' || revenue, ',' ORDER BY currency) FROM kpi_daily "
                + "WHERE day = '2026-11-30'")).isEqualTo("BRL=10.00,USD=3.00");
        assertThat(query("SELECT string_agg(currency || '=' || revenue, ',' ORDER BY currency) FROM kpi_daily_by_dimension "
                + "WHERE day = '2026-11-30' AND dimension = 'store'")).isEqualTo("BRL=10.00,USD=3.00");
        assertThat(query("SELECT string_agg(currency || '=' || net_amount, ',' ORDER BY currency) FROM fact_sale "
                + "WHERE sale_id IN ('C-1', 'C-2')")).isEqualTo("BRL=10.00,USD=3.00");
    }

    @Test
    void shouldCutDaysAndHoursInTheReportingZoneAndRefuseAnUnknownZone() throws Exception {
        // given a sale at 23:30 in São Paulo, which is already the next day in UTC
        writer.write(List.of(record(new Sale("Z-1", OffsetDateTime.of(2026, 11, 30, 23, 30, 0, 0, ZoneOffset.ofHours(-3)),
                new Store("SP-001", "Loja", "São Paulo", "SP"), Channel.STORE, new Customer(null, null, null),
                PaymentMethod.PIX, "BRL", SaleStatus.COMPLETED, new ArrayList<>(List.of(line(1, "1.00"))), SOURCE, null,
                true, SaleRevision.NEW))));
        assertThat(query("SELECT day || ' ' || hour FROM kpi_hourly")).isEqualTo("2026-11-30 23");

        // when the reporting zone becomes UTC, then the sale's day and hour are UTC's
        execute(ds, "UPDATE reporting_zone SET zone = 'UTC'");
        assertThat(query("SELECT day || ' ' || hour FROM kpi_hourly")).isEqualTo("2026-12-01 2");
        assertThat(query("SELECT d.weekday_name FROM fact_sale f JOIN dim_date d ON d.date = f.day")).isEqualTo("terça-feira");

        // and a zone PostgreSQL does not know is refused
        assertThatThrownBy(() -> execute(ds, "UPDATE reporting_zone SET zone = 'America/Atlantis'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("America/Atlantis");
    }

    @Test
    void shouldHoldACalendarFrom2000To2050WithPortugueseNamesAndIsoWeeks() throws Exception {
        assertThat(query("SELECT count(*) || '|' || min(date) || '|' || max(date) FROM dim_date"))
                .isEqualTo("18628|2000-01-01|2050-12-31");
        assertThat(query("SELECT concat_ws('|', date_key, year, quarter, month, month_name, iso_year, iso_week, weekday, "
                + "weekday_name, is_weekend) FROM dim_date WHERE date = '2021-01-01'"))
                .isEqualTo("20210101|2021|1|1|janeiro|2020|53|5|sexta-feira|f");
        assertThat(query("SELECT concat_ws('|', month_name, weekday_name, is_weekend) FROM dim_date WHERE date = '2026-03-29'"))
                .isEqualTo("março|domingo|t");
    }

    @Test
    void shouldLetTheReadOnlyRoleSelectTheViewsButNeitherWriteNorReadTheRawTable() throws Exception {
        // given a sale loaded, and a login role that joins the read-only role
        writer.write(List.of(record(sale("R-1", SaleStatus.COMPLETED, SaleRevision.NEW, "BRL", line(1, "4.00")))));
        execute(ds, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'analyst_it') THEN "
                + "CREATE ROLE analyst_it LOGIN; END IF; END $$");
        execute(ds, "GRANT " + WarehouseSchema.READER_ROLE + " TO analyst_it");

        // when the analyst connects
        try (Connection analyst = DriverManager.getConnection(warehouse.jdbcUrl().orElseThrow(), "analyst_it", "");
             Statement st = analyst.createStatement()) {
            // then every view and dimension reads
            for (String view : List.of("fact_sale_line", "fact_sale", "dim_product", "dim_store", "dim_customer",
                    "dim_date", "dim_channel", "dim_payment", "kpi_daily", "kpi_hourly", "kpi_daily_by_dimension",
                    "kpi_hourly_by_dimension", "reporting_zone")) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + view)) {
                    assertThat(rs.next()).as(view).isTrue();
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT net_amount FROM fact_sale WHERE sale_id = 'R-1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBigDecimal(1)).isEqualByComparingTo("4.00");
            }
            // and nothing writes, nor reads the raw table with its CPF/CNPJ column
            for (String sql : List.of("INSERT INTO dim_channel VALUES ('X', 'X', false)",
                    "UPDATE reporting_zone SET zone = 'UTC'", "DELETE FROM dim_date",
                    "INSERT INTO sale_line (sale_id) VALUES ('X')", "SELECT customer_document FROM sale_line")) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void shouldMigrateWithoutTheReadOnlyRoleWhereTheUserMayNotCreateRoles() throws Exception {
        // given a database owned by a user who may not create roles, as on a managed PostgreSQL
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "managed_owner_" + suffix;
        String database = "it_managed_" + suffix;
        String reader = "reader_managed_" + suffix;
        execute(ds, "CREATE ROLE " + owner + " LOGIN NOCREATEROLE");
        execute(ds, "CREATE DATABASE " + database + " OWNER " + owner);
        String url = warehouse.jdbcUrl().orElseThrow().replaceAll("/[^/?]+(\\?.*)?$", "/" + database);

        // when that user migrates it
        try (HikariDataSource managed = WarehouseDataSource.create(url, owner, "", "analyst-views-managed-it")) {
            WarehouseSchema.migrate(managed, reader);

            // then the migration succeeded, with every view, and only the role was left out
            try (Connection c = managed.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT (SELECT max(version) FROM flyway_schema_history WHERE success), "
                         + "(SELECT count(*) FROM kpi_daily), (SELECT count(*) FROM pg_roles WHERE rolname = '" + reader + "')")) {
                rs.next();
                assertThat(Integer.parseInt(rs.getString(1))).as("migrated through the star schema and beyond").isGreaterThanOrEqualTo(3);
                assertThat(rs.getLong(2)).isZero();
                assertThat(rs.getLong(3)).isZero();
            }
        }
    }

    private ConsumerRecord<String, Sale> record(Sale sale) {
        return new ConsumerRecord<>(TOPIC, 0, offset++, sale.saleId(), sale);
    }

    private static Sale sale(String id, SaleStatus status, SaleRevision revision, String currency, SaleLine... lines) {
        return new Sale(id, NOON_IN_SAO_PAULO, new Store("SP-001", "Loja", "São Paulo", "SP"), Channel.STORE,
                new Customer("CLI-1", "Cliente", null), PaymentMethod.PIX, currency, status, new ArrayList<>(List.of(lines)),
                SOURCE, null, true, revision);
    }

    private static SaleLine line(int no, String net) {
        Money amount = Money.parse(net);
        return new SaleLine(no, "SKU-" + no, "Produto " + no, "Mercado", BigDecimal.ONE, amount, Money.ZERO, amount);
    }

    private static void execute(HikariDataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private String query(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }
}
