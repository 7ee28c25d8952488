package br.com.etlvendas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ctrl-C/SIGTERM at any moment of a {@code demo} — in the middle of start-up, right when it is ready, while
 * it runs — ends the process cleanly within 10 s, with no embedded server left behind, and a console that shows
 * the product's own lines only. (Each demo starts its own embedded servers: stopping them is what is tested.)
 */
class StopIT {

    private static final long STOP_LIMIT_SECONDS = 10;

    @TempDir
    Path dir;

    @Test
    void shouldStopCleanlyWithinTenSecondsWhenSignalledDuringStartUp() throws Exception {
        assertStopsCleanly(Moment.DURING_START_UP);
    }

    @Test
    void shouldStopCleanlyWithinTenSecondsWhenSignalledRightAfterItIsReady() throws Exception {
        assertStopsCleanly(Moment.WHEN_READY);
    }

    @Test
    void shouldStopCleanlyWithinTenSecondsWhenSignalledWhileRunningAndKeepTheConsoleQuiet() throws Exception {
        String printed = assertStopsCleanly(Moment.WHILE_RUNNING);

        assertThat(printed).contains("ETL Vendas is running:").contains("Stopped cleanly.");
        assertThat(printed).as("broker, Streams and client messages stay in the log file")
                .doesNotContain("org.apache.kafka").doesNotContain("o.a.k.").doesNotContain("kafka.server")
                .doesNotContain("Exception");
        assertThat(dir.resolve("data").resolve("logs").resolve("etl-vendas.log")).as("the log file").isNotEmptyFile();
    }

    private enum Moment { DURING_START_UP, WHEN_READY, WHILE_RUNNING }

    private String assertStopsCleanly(Moment moment) throws Exception {
        Path config = Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "data-dir: " + dir.resolve("data"),
                "kafka: {bootstrap-servers: '', embedded: {port: 0, controller-port: 0}}",
                "warehouse: {jdbc-url: '', embedded: {port: 0}}",
                "s3: {endpoint: '', embedded: {port: 0}}",
                "sources: {generator: {enabled: true, sales-per-second: 200}}",
                "dashboard: {host: 127.0.0.1, port: 0}",
                ""));
        Path output = dir.resolve("demo.out");
        ProcessBuilder pb = ChildCommand.of("1g", output, "demo", "--config", config.toString(), "--topics", "config/topics.yml");
        pb.environment().remove("ETL_LOG_DIR");
        Process demo = pb.start();
        try {
            switch (moment) {
                case DURING_START_UP -> ChildCommand.awaitPrinted(output, "Starting ETL Vendas", demo);
                case WHEN_READY -> ChildCommand.awaitPrinted(output, "Running. Press Ctrl-C to stop.", demo);
                case WHILE_RUNNING -> {
                    ChildCommand.awaitPrinted(output, "Running. Press Ctrl-C to stop.", demo);
                    Thread.sleep(5_000);
                }
            }
            ChildCommand.terminate(demo);

            assertThat(demo.waitFor(STOP_LIMIT_SECONDS, TimeUnit.SECONDS)).as("stopped within %d s: %s",
                    STOP_LIMIT_SECONDS, Files.readString(output)).isTrue();
        } finally {
            demo.destroyForcibly();
        }
        String printed = Files.readString(output);
        assertThat(printed).contains("Stopped cleanly.");
        assertThat(dir.resolve("data").resolve(Infrastructure.POSTGRES_DIR).resolve("postmaster.pid"))
                .as("the embedded PostgreSQL was stopped, not left running").doesNotExist();
        return printed;
    }
}
