package br.com.etlvendas.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server from embedded binaries, with its data directory kept between runs and durable
 * settings ({@code fsync} and synchronous commit on), listening on a fixed port so that psql or DBeaver
 * can connect while it runs. Creates the named database on first start.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private static final String CONFIG_FILE = "postgresql.conf";

    private final Path dataDir;
    private final int port;
    private final String database;
    private EmbeddedPostgres postgres;

    public EmbeddedPostgresServer(Path dataDir, int port, String database) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = FreePort.orPick(port);
        this.database = database;
    }

    public EmbeddedPostgresServer start() {
        try {
            if (!Files.exists(dataDir.resolve(CONFIG_FILE))) {
                initialise();
            }
            postgres = server(dataDir, port).start();
            try {
                createDatabase();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            log.info("Embedded PostgreSQL listening on port {} (data dir {})", port, dataDir);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + dataDir, e);
        }
    }

    private static EmbeddedPostgres.Builder server(Path dir, int port) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // we stop it ourselves, after the loader has committed; its own hook would race ours
                .setRegisterShutdownHook(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("listen_addresses", "127.0.0.1");
    }

    /**
     * Creates the cluster in a staging directory beside the data directory and moves it into place only once
     * it is whole, so that a process killed during {@code initdb} never leaves a half-made cluster that no
     * later start could use: what a killed initialisation left is simply made again.
     */
    private void initialise() throws IOException {
        Path staging = dataDir.resolveSibling(dataDir.getFileName() + ".initialising");
        Directories.deleteTree(staging);
        Directories.deleteTree(dataDir); // no postgresql.conf: an initialisation an earlier version was killed in, nothing to keep
        Files.createDirectories(staging);
        server(staging, FreePort.orPick(0)).start().close();
        Files.move(staging, dataDir, StandardCopyOption.ATOMIC_MOVE);
        log.info("Initialised the embedded PostgreSQL cluster in {}", dataDir);
    }

    private void createDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (!rs.next()) {
                    st.execute("CREATE DATABASE " + database);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on the embedded PostgreSQL", e);
        }
    }

    /**
     * Stops a PostgreSQL that an earlier run left running on this data directory (the process that started it
     * died without stopping it: {@code kill -9}, the OOM killer, a crash). It is recognised by the
     * {@code postmaster.pid} in the data directory naming a live {@code postgres} process serving this very
     * directory, and asked for a fast shutdown (clients disconnected, a clean checkpoint). A lock file naming a
     * process that is gone, or one that is not a PostgreSQL for this directory (its id reused), is removed.
     * Only call this while holding the data directory, so that the server cannot belong to a running sibling.
     *
     * @return the process id of the server stopped, or empty when none was running
     */
    public static OptionalLong stopLeftover(Path dataDir, Duration timeout) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path pidFile = dir.resolve("postmaster.pid");
        List<String> lines;
        try {
            lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
        if (lines.size() < 2 || !lines.get(0).strip().matches("\\d{1,10}")) {
            return OptionalLong.empty();
        }
        long pid = Long.parseLong(lines.get(0).strip());
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        boolean ours = process.isPresent()
                && Path.of(lines.get(1).strip()).toAbsolutePath().normalize().equals(dir)
                && process.get().info().command().map(c -> c.endsWith("/postgres")).orElse(false);
        if (!ours) {
            try {
                // a stale lock: PostgreSQL itself would refuse to start if the id now belongs to another process
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale " + pidFile, e);
            }
            return OptionalLong.empty();
        }
        log.info("Stopping the PostgreSQL (pid {}) an earlier run left running on {}", pid, dir);
        ProcessHandle server = process.get();
        signal(pid, "INT"); // fast shutdown
        if (!awaitExit(server, timeout)) {
            log.warn("PostgreSQL pid {} did not stop within {}; stopping it immediately", pid, timeout);
            signal(pid, "QUIT"); // immediate shutdown: crash recovery (WAL replay) on the next start, nothing lost
            if (!awaitExit(server, Duration.ofSeconds(10))) {
                throw new IllegalStateException("the PostgreSQL (pid " + pid + ") left running on " + dir
                        + " does not stop; stop it by hand (kill " + pid + ")");
            }
        }
        return OptionalLong.of(pid);
    }

    private static void signal(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            kill.getInputStream().transferTo(OutputStream.nullOutputStream());
            kill.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal PostgreSQL pid " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL pid " + pid, e);
        }
    }

    private static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (postgres != null) {
            try {
                postgres.close();
                log.info("Embedded PostgreSQL stopped");
            } catch (IOException e) {
                log.warn("Embedded PostgreSQL did not stop cleanly", e);
            }
            postgres = null;
        }
    }
}
