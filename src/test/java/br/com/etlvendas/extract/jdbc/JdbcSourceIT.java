package br.com.etlvendas.extract.jdbc;

import br.com.etlvendas.config.JdbcSourceConfig;
import br.com.etlvendas.config.Secret;
import br.com.etlvendas.embedded.EmbeddedPostgresServer;
import br.com.etlvendas.extract.CommittedRecords;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.QUIET;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.WAIT;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.assertFirstRowAsTheDatabaseHoldsIt;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.byLine;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.lastState;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database source against a real PostgreSQL playing the ERP (a second database on the shared embedded
 * server) and the real Kafka: every row reaches {@code sales.raw} exactly once, with its values as the
 * database holds them, including rows added later, rows sharing a watermark, and across a restart.
 */
@ExtendWith(EmbeddedStack.class)
@SuppressWarnings("try") // a running source is a try-with-resources resource only so that it is always closed
class JdbcSourceIT {

    private static final OffsetDateTime FIRST_SALE = OffsetDateTime.of(2026, 3, 1, 14, 30, 0, 0, ZoneOffset.ofHours(-3));
    private static final LocalDateTime FIRST_UPDATE = LocalDateTime.of(2026, 3, 1, 18, 0, 0, 123456000);

    private static String erpUrl;

    @TempDir
    Path dir;

    @BeforeAll
    static void createErpDatabase() throws SQLException {
        erpUrl = createDatabase("erp_it");
    }

    @Test
    void shouldPublishEveryRowOnceWithItsValuesAndPickUpRowsAddedLater() throws Exception {
        // given an ERP table with 25 sale lines, read 10 at a time
        String table = createTable("vendas_novas");
        insert(table, 0, 25);
        TestKafka kafka = TestKafka.forTest("jdbc-new-rows");
        JdbcSourceConfig config = config("erp-novas", Optional.of(table), Optional.empty(), "id", 10);

        try (JdbcSource source = start(config, kafka);
             CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            // then every row is published once, as the database holds it
            raw.awaitAtLeast(25, WAIT);
            Map<String, RawSale> byLine = byLine(raw.settle(QUIET), 25);
            assertFirstRowAsTheDatabaseHoldsIt(byLine.get("PED-0#1"), "erp-novas", FIRST_SALE.toInstant());
            assertThat(byLine.get("PED-12#1").lines().get(0).unitPrice()).as("row 24").isEqualTo("34.5000");

            // when more rows arrive while it runs, then they are picked up, and nothing is published again
            insert(table, 25, 32);
            raw.awaitAtLeast(32, WAIT);
            byLine(raw.settle(QUIET), 32);
        }
        assertThat(lastState(kafka, "erp-novas")).satisfies(s -> {
            assertThat(s.position()).isEqualTo("INTEGER:32");
            assertThat(s.records()).isEqualTo(32);
        });
    }

    @Test
    void shouldNeitherLoseNorRepeatRowsWhenStoppedMidwayAndRestartedAfterACrashedTransaction() throws Exception {
        // given 120 lines read 4 per batch by a deliberately slow custom query, so a stop lands mid-table
        String table = createTable("vendas_restart");
        insert(table, 0, 120);
        TestKafka kafka = TestKafka.forTest("jdbc-restart");
        String slowQuery = "SELECT v.* FROM " + table + " v CROSS JOIN pg_sleep(0.05) WHERE v.id > ? ORDER BY v.id LIMIT ?";
        JdbcSourceConfig config = config("erp-restart", Optional.empty(), Optional.of(slowQuery), "id", 4);

        try (CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            try (JdbcSource first = start(config, kafka)) {
                raw.awaitAtLeast(20, WAIT);
            }
            int beforeRestart = raw.settle(Duration.ofMillis(300)).size();
            assertThat(beforeRestart).as("the first instance stopped midway").isBetween(20, 119);

            // and a crashed instance left an open transaction with a record and a state that must never count
            SourcePublisher zombie = new SourcePublisher(kafka.topics().raw(), kafka.bootstrap(), JdbcSource.transactionalId("erp-restart"));
            zombie.publish(RawSale.rejectedAtSource("zombie", List.of("never committed"), "erp-restart", "ZOMBIE"));
            zombie.publishState(kafka.topics().sourceState(), "erp-restart",
                    new SourceState("erp-restart", "INTEGER:100000", 100000, Clock.systemUTC().instant()));
            Thread.sleep(200);

            // when a new instance starts, then it resumes exactly after the last committed batch
            try (JdbcSource second = start(config, kafka)) {
                raw.awaitAtLeast(120, WAIT);
                List<RawSale> all = raw.settle(QUIET);
                byLine(all, 120);
                assertThat(all).noneMatch(s -> "ZOMBIE".equals(s.origin()));
            } finally {
                closeFenced(zombie);
            }
        }
        assertThat(lastState(kafka, "erp-restart").position()).isEqualTo("INTEGER:120");
    }

    @Test
    void shouldReadTimestampWatermarksWithoutSplittingRowsThatShareOne() throws Exception {
        // given 12 rows with 4 distinct update times, 3 rows each, read 2 at a time
        String table = createTable("vendas_empates");
        insert(table, 0, 12, i -> FIRST_UPDATE.plusMinutes(i / 3));
        TestKafka kafka = TestKafka.forTest("jdbc-ties");
        JdbcSourceConfig config = config("erp-empates", Optional.of(table), Optional.empty(), "atualizado_em", 2);

        try (JdbcSource source = start(config, kafka);
             CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            raw.awaitAtLeast(12, WAIT);
            byLine(raw.settle(QUIET), 12);
            // when 3 more rows arrive with a later time, then they are read too
            insert(table, 12, 15, i -> FIRST_UPDATE.plusHours(1));
            raw.awaitAtLeast(15, WAIT);
            byLine(raw.settle(QUIET), 15);
        }
        assertThat(lastState(kafka, "erp-empates").position())
                .isEqualTo("TIMESTAMP:" + FIRST_UPDATE.plusHours(1));
    }

    @Test
    void shouldKeepRetryingWhileTheDatabaseIsMissingAndReadItOnceItAppears() throws Exception {
        // given a source whose database does not exist yet
        TestKafka kafka = TestKafka.forTest("jdbc-late-db");
        EmbeddedPostgresServer pg = EmbeddedStack.servers().postgres();
        String lateUrl = "jdbc:postgresql://127.0.0.1:" + pg.port() + "/erp_late_it";
        JdbcSourceConfig config = new JdbcSourceConfig("erp-late", lateUrl, pg.user(), Secret.empty(), Optional.of("vendas_tarde"),
                Optional.empty(), "id", "", 10, Duration.ofMillis(200), mapping());

        try (JdbcSource source = start(config, kafka);
             CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            assertThat(raw.settle(Duration.ofSeconds(2))).isEmpty();
            // when the database and its rows appear, then the source, still running, reads them
            createDatabase("erp_late_it");
            try (Connection c = DriverManager.getConnection(lateUrl, pg.user(), "")) {
                createTable(c, "vendas_tarde");
                insert(c, "vendas_tarde", 0, 3, i -> FIRST_UPDATE);
            }
            raw.awaitAtLeast(3, WAIT);
            byLine(raw.settle(QUIET), 3);
        }
    }

    // ---- the ERP database ----

    private static String createDatabase(String name) throws SQLException {
        EmbeddedPostgresServer pg = EmbeddedStack.servers().postgres();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), ""); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + name);
                }
            }
        }
        return "jdbc:postgresql://127.0.0.1:" + pg.port() + "/" + name;
    }

    private static String createTable(String name) throws SQLException {
        try (Connection c = erp()) {
            createTable(c, name);
        }
        return name;
    }

    private static void createTable(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + name);
            st.execute("CREATE TABLE " + name + " (id bigserial PRIMARY KEY, pedido text NOT NULL, item int NOT NULL, "
                    + "sku text NOT NULL, qtd numeric(12,3) NOT NULL, preco numeric(14,4) NOT NULL, "
                    + "vendido_em timestamptz NOT NULL, atualizado_em timestamp NOT NULL)");
        }
    }

    private static void insert(String table, int from, int to) throws SQLException {
        insert(table, from, to, i -> FIRST_UPDATE.plusSeconds(i));
    }

    private static void insert(String table, int from, int to, Function<Integer, LocalDateTime> updatedAt) throws SQLException {
        try (Connection c = erp()) {
            insert(c, table, from, to, updatedAt);
        }
    }

    /** Rows {@code from} to {@code to - 1}: row i is line i % 2 + 1 of order PED-(i / 2). */
    private static void insert(Connection c, String table, int from, int to, Function<Integer, LocalDateTime> updatedAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                + " (pedido, item, sku, qtd, preco, vendido_em, atualizado_em) VALUES (?, ?, ?, 2.5, ?, ?, ?)")) {
            for (int i = from; i < to; i++) {
                ps.setString(1, "PED-" + i / 2);
                ps.setInt(2, i % 2 + 1);
                ps.setString(3, "SKU-" + i);
                ps.setBigDecimal(4, new java.math.BigDecimal("10.5").add(java.math.BigDecimal.valueOf(i)));
                ps.setObject(5, FIRST_SALE.plusMinutes(i));
                ps.setObject(6, updatedAt.apply(i));
                ps.executeUpdate();
            }
        }
    }

    private static Connection erp() throws SQLException {
        return DriverManager.getConnection(erpUrl, EmbeddedStack.servers().postgres().user(), "");
    }

    // ---- the source ----

    private JdbcSourceConfig config(String name, Optional<String> table, Optional<String> query, String watermark, int batch)
            throws Exception {
        return new JdbcSourceConfig(name, erpUrl, EmbeddedStack.servers().postgres().user(), Secret.empty(), table, query,
                watermark, "", batch, Duration.ofMillis(200), mapping());
    }

    private Path mapping() throws Exception {
        return JdbcSourceRuns.mapping(dir);
    }

    private static void closeFenced(SourcePublisher zombie) {
        try {
            zombie.close();
        } catch (RuntimeException e) {
            // expected: the restarted source fenced it
        }
    }
}
