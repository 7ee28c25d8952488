package br.com.etlvendas.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL left running on our data directory by a run that died without stopping it is stopped cleanly
 * and the directory starts again with its data. (This test owns its server: leaving one behind is the point.)
 */
class EmbeddedPostgresLeftoverIT {

    @TempDir
    Path dir;

    @Test
    void shouldStopTheServerAKilledRunLeftBehindAndStartAgainWithItsData() throws Exception {
        // given a server with a committed row, started by a process that is then killed (kill -9)
        Process owner = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StartAndHang.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String url;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
            url = lines.lines().filter(l -> l.startsWith("jdbc:")).findFirst().orElseThrow();
        }
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE kept (n int)");
            st.execute("INSERT INTO kept VALUES (42)");
        }
        owner.destroyForcibly().waitFor();
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).strip());
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("left running").isTrue();

        // when the next start looks for leftovers
        assertThat(EmbeddedPostgresServer.stopLeftover(dir, Duration.ofSeconds(30))).hasValue(pid);

        // then it has stopped, and a new server on the directory has the row
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir.resolve("postmaster.pid")).doesNotExist();
        try (EmbeddedPostgresServer again = new EmbeddedPostgresServer(dir, 0, "etl_vendas").start();
             Connection c = DriverManager.getConnection(again.jdbcUrl(), again.user(), "");
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT n FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    /** Starts a server on the directory given, prints its URL and waits to be killed. */
    public static final class StartAndHang {
        public static void main(String[] args) throws InterruptedException {
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(Path.of(args[0]), 0, "etl_vendas").start();
            System.out.println(server.jdbcUrl());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
