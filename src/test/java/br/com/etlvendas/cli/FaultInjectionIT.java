package br.com.etlvendas.cli;

import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Faults injected while {@code ingest} runs in a process of its own, with its own embedded Kafka, PostgreSQL
 * and S3 (killing them is the point, so this test does not use the shared fixture), each ending in the whole
 * history checked: every valid line in the warehouse once, revenue to the cent, every bad line in the DLQ once.
 */
class FaultInjectionIT {

    private static final long LINES = 200_000;
    private static final String TOPICS = "config/topics.yml";

    @TempDir
    Path dir;

    @Test
    void shouldLoadEveryLineExactlyOnceWhenTheWholeProcessIsKilledFiveTimesDuringTheIngest() throws Exception {
        // given a 200,000-line file with bad lines among them, and a process of its own for each attempt
        FaultRun run = new FaultRun(dir);
        FaultRun.Input input = run.input(LINES);
        Path config = run.config("");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> history = new ArrayList<>();

        // when the whole process (pipeline and its embedded servers) is killed -9 at five random moments
        for (int kill = 1; kill <= 5; kill++) {
            long afterMs = 2_000 + random.nextInt(20_000);
            Path log = dir.resolve("attempt-" + kill + ".log");
            Process attempt = run.ingest(config, input, TOPICS, log).start();
            boolean endedByItself = attempt.waitFor(afterMs, TimeUnit.MILLISECONDS);
            if (!endedByItself) {
                attempt.destroyForcibly().waitFor();
            }
            history.add("attempt " + kill + (endedByItself ? " ended by itself, exit " + attempt.exitValue()
                    : " killed after " + afterMs + " ms") + " (seed " + seed + ")");
            assertThat(Files.readString(log)).as("attempt %d started: %s", kill, history)
                    .doesNotContain("already in use").doesNotContain("in use by another running ETL Vendas");
        }
        // and a last run is left to finish
        Path last = dir.resolve("final.log");
        Process finish = run.ingest(config, input, TOPICS, last).start();
        assertThat(finish.waitFor(6, TimeUnit.MINUTES)).as("final run ends; %s", history).isTrue();
        String printed = Files.readString(last);

        // then it reconciles every row of the file, and the warehouse and the DLQ say the same
        if (finish.exitValue() != 0 && printed.contains("ingest: source=")) {
            history.add(publishedBy(run, FaultRun.source(printed)).toString()); // tells a re-published row from a re-processed one
        }
        assertThat(finish.exitValue()).as(printed + history).isZero();
        assertThat(printed).contains(input.reconciliation());
        assertWholeHistory(run, input, FaultRun.source(printed), history);
    }

    @Test
    void shouldPauseAndRetryWhilePostgresIsDownForThirtySecondsSendingNothingToTheDlq() throws Exception {
        // given an ingest under way
        FaultRun run = new FaultRun(dir);
        FaultRun.Input input = run.input(LINES);
        Path log = dir.resolve("ingest.log");
        Process ingest = run.ingest(run.config(""), input, TOPICS, log).start();
        Path pgData = run.dataDir().resolve(Infrastructure.POSTGRES_DIR);
        String url = run.awaitWarehouseLoading(ingest, log);

        // when its PostgreSQL is stopped mid-load for 30 s, then started again as it was
        ProcessBuilder sameAsBefore = stopPostgres(pgData, url);
        Thread.sleep(30_000);
        Process restarted = sameAsBefore.redirectErrorStream(true)
                .redirectOutput(dir.resolve("postgres-restart.log").toFile()).start();

        // then the ingest still ends reconciled, without a single line refused by the warehouse
        try {
            assertThat(ingest.waitFor(6, TimeUnit.MINUTES)).as("ingest ends").isTrue();
            String printed = Files.readString(log);
            assertThat(ingest.exitValue()).as(printed).isZero();
            assertThat(printed).contains(input.reconciliation());
            assertWholeHistory(run, input, FaultRun.source(printed), List.of("PostgreSQL down for 30 s"));
        } finally {
            restarted.destroy(); // normally already stopped by the ingest's own shutdown
            restarted.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Stops the PostgreSQL serving {@code pgData} (fast shutdown); returns how to start it again exactly as it
     * was started: its command line and its environment (as {@code pg_ctl} set it), read from {@code /proc}, in
     * a user namespace of its own ({@code unshare -U}, as the embedded server runs it: PostgreSQL refuses root).
     */
    private static ProcessBuilder stopPostgres(Path pgData, String url) throws Exception {
        long pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).strip());
        Path proc = Path.of("/proc", Long.toString(pid));
        List<String> commandLine = new ArrayList<>(List.of("unshare", "-U"));
        commandLine.addAll(List.of(Files.readString(proc.resolve("cmdline")).split("\0")));
        ProcessBuilder command = new ProcessBuilder(commandLine);
        command.environment().clear();
        for (String variable : Files.readString(proc.resolve("environ")).split("\0")) {
            int eq = variable.indexOf('=');
            if (eq > 0) {
                command.environment().put(variable.substring(0, eq), variable.substring(eq + 1));
            }
        }
        ProcessHandle server = ProcessHandle.of(pid).orElseThrow();
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).start().waitFor();
        server.onExit().get(30, TimeUnit.SECONDS);
        try (Connection ignored = DriverManager.getConnection(url, "postgres", "")) {
            throw new AssertionError("PostgreSQL still answers at " + url);
        } catch (java.sql.SQLException expected) {
            return command;
        }
    }

    /**
     * The run's own warehouse and, through its own embedded broker started on its Kafka log, its DLQ and what it
     * published: each row of the file once in {@code sales.raw}, however often the ingest was cut short.
     */
    private static void assertWholeHistory(FaultRun run, FaultRun.Input input, String source, List<String> history)
            throws Exception {
        run.assertWarehouse(input, history);
        try (EmbeddedKafkaBroker kafka = broker(run)) {
            FaultRun.assertDlq(kafka.bootstrapServers(), source, input, history);
            assertThat(FaultRun.published(kafka.bootstrapServers(), source)).as("%s", history)
                    .isEqualTo(new FaultRun.Published(input.rows(), input.rows()));
        }
    }

    private static FaultRun.Published publishedBy(FaultRun run, String source) throws Exception {
        try (EmbeddedKafkaBroker kafka = broker(run)) {
            return FaultRun.published(kafka.bootstrapServers(), source);
        }
    }

    private static EmbeddedKafkaBroker broker(FaultRun run) throws Exception {
        return new EmbeddedKafkaBroker(run.dataDir().resolve(Infrastructure.KAFKA_DIR), 0, 0).start();
    }
}
