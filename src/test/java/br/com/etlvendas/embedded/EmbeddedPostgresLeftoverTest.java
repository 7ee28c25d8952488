package br.com.etlvendas.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** What a start finds in a PostgreSQL data directory that no server of this directory runs on. */
class EmbeddedPostgresLeftoverTest {

    @TempDir
    Path dir;

    @Test
    void shouldFindNothingToStopWithoutALockFile() {
        assertThat(EmbeddedPostgresServer.stopLeftover(dir, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void shouldRemoveALockFileNamingAProcessThatIsGone() throws Exception {
        // given the lock file of a server whose process has ended
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path pidFile = Files.writeString(dir.resolve("postmaster.pid"), gone.pid() + "\n" + dir + "\n0\n5433\n");

        assertThat(EmbeddedPostgresServer.stopLeftover(dir, Duration.ofSeconds(1))).isEmpty();
        assertThat(pidFile).as("stale lock removed, so PostgreSQL starts").doesNotExist();
    }

    @Test
    void shouldNeverSignalALiveProcessThatIsNotAPostgresOfThisDirectory() throws Exception {
        // given a lock file whose process id now belongs to another program
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            Path pidFile = Files.writeString(dir.resolve("postmaster.pid"), other.pid() + "\n" + dir + "\n0\n5433\n");

            assertThat(EmbeddedPostgresServer.stopLeftover(dir, Duration.ofSeconds(1))).isEmpty();

            assertThat(other.isAlive()).as("the other program is left alone").isTrue();
            assertThat(pidFile).doesNotExist();
        } finally {
            other.destroyForcibly();
        }
    }
}
