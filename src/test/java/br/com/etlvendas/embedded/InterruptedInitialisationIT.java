package br.com.etlvendas.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A process killed while the embedded servers were first being set up (PostgreSQL's initdb, Kafka's format)
 * leaves a half-made directory and a staging directory behind; the next start makes them again and runs.
 * (These tests own their servers: the directories are what is tested.)
 */
class InterruptedInitialisationIT {

    @TempDir
    Path dir;

    @Test
    void shouldStartPostgresOverWhatAKilledInitdbLeftBehind() throws Exception {
        // given a cluster directory cut short before its configuration was written, and a stale staging directory
        Path data = dir.resolve("postgres");
        Files.createDirectories(data.resolve("base"));
        Files.writeString(data.resolve("PG_VERSION"), "17\n");
        Files.createDirectories(dir.resolve("postgres.initialising").resolve("global"));

        // when it starts, then it serves and keeps data across a restart
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(data, 0, "etl_vendas").start();
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (n int)");
            st.execute("INSERT INTO kept VALUES (7)");
        }
        assertThat(dir.resolve("postgres.initialising")).doesNotExist();
        try (EmbeddedPostgresServer pg = new EmbeddedPostgresServer(data, 0, "etl_vendas").start();
             Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT n FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(7);
        }
    }

    @Test
    void shouldStartTheBrokerOverWhatAKilledFormatLeftBehind() throws Exception {
        // given a log directory with a metadata log but no meta.properties, and a stale staging directory
        Path logDir = dir.resolve("kafka");
        Files.createDirectories(logDir.resolve("__cluster_metadata-0"));
        Files.writeString(logDir.resolve("__cluster_metadata-0").resolve("leader-epoch-checkpoint"), "0\n0\n");
        Files.createDirectories(dir.resolve("kafka.formatting"));

        // when it starts, then it is a working broker
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, 0, 0).start();
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("after-a-crash", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("after-a-crash");
        }
        assertThat(logDir.resolve("meta.properties")).exists();
        assertThat(dir.resolve("kafka.formatting")).doesNotExist();
    }
}
