package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.embedded.FreePort;
import br.com.etlvendas.it.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fault c): the Kafka broker killed (-9) and restarted while an {@code ingest} runs against it. The broker is an
 * {@code etl-vendas servers} process of its own (Kafka only: the warehouse and S3 are the shared fixture's), so
 * it can die and come back on the same port and log directory while the ingest's producer, Streams and loader
 * wait for it; the run must still end reconciled, with the whole history exact.
 */
@ExtendWith(EmbeddedStack.class)
class BrokerRestartFaultIT {

    private static final String NAME = "broker-restart";

    @TempDir
    Path dir;

    @Test
    void shouldLoadEveryLineExactlyOnceWhenTheBrokerIsKilledAndRestartedMidRun() throws Exception {
        // given a broker process, and an ingest of 100,000 lines with bad ones among them running against it
        LoadedConfig fixture = EmbeddedStack.configFor(NAME, "    enabled: false");
        String jdbcUrl = fixture.etl().warehouse().jdbcUrl().orElseThrow();
        String user = fixture.etl().warehouse().user();
        int kafkaPort = FreePort.orPick(0);
        int controllerPort = FreePort.orPick(0);
        Path config = config(fixture, kafkaPort, controllerPort);
        FaultRun.Input input = new FaultRun(dir).input(100_000);
        Process broker = servers(config, "servers-1.out");
        Path log = dir.resolve("ingest.out");
        ProcessBuilder ingestCommand = ChildCommand.of("1g", log, "ingest", input.file().toString(),
                "--mapping", "config/mappings/superstore.yml", "--config", config.toString(), "--topics", "config/topics.yml");
        ingestCommand.environment().put("ETL_DATA_DIR", dir.resolve("ingest").toString());
        ingestCommand.environment().put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort);
        s3Keys(ingestCommand);
        Process ingest = ingestCommand.start();
        Process restarted = null;
        try {
            FaultRun.awaitLines(() -> Optional.of(jdbcUrl), user, ingest, log);

            // when the broker dies (kill -9) mid-run, and comes back five seconds later on the same port and log
            broker.destroyForcibly().waitFor();
            Thread.sleep(5_000);
            restarted = servers(config, "servers-2.out");

            // then the ingest ends reconciled, and the warehouse and the DLQ hold every line once
            assertThat(ingest.waitFor(6, TimeUnit.MINUTES)).as("ingest ends: %s", Files.readString(log)).isTrue();
            String printed = Files.readString(log);
            assertThat(ingest.exitValue()).as(printed).isZero();
            assertThat(printed).contains(input.reconciliation());
            List<String> history = List.of("broker killed and restarted mid-run");
            FaultRun.assertWarehouse(jdbcUrl, user, input, history);
            FaultRun.assertDlq("127.0.0.1:" + kafkaPort, FaultRun.source(printed), input, history);
        } finally {
            ingest.destroyForcibly();
            broker.destroyForcibly();
            if (restarted != null) {
                ChildCommand.terminate(restarted);
                restarted.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Both processes' configuration: Kafka embedded in {@code servers} on fixed ports, the fixture's PostgreSQL and S3. */
    private Path config(LoadedConfig fixture, int kafkaPort, int controllerPort) throws IOException {
        return Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "data-dir: ${ETL_DATA_DIR}",
                "kafka:",
                "  bootstrap-servers: ${KAFKA_BOOTSTRAP_SERVERS:-}",
                "  embedded: {port: " + kafkaPort + ", controller-port: " + controllerPort + "}",
                "warehouse:",
                "  jdbc-url: " + fixture.etl().warehouse().jdbcUrl().orElseThrow(),
                "  user: " + fixture.etl().warehouse().user(),
                "s3:",
                "  endpoint: " + fixture.etl().s3().endpoint().orElseThrow(),
                "  bucket: " + NAME,
                "  access-key: ${S3_ACCESS_KEY}",
                "  secret-key: ${S3_SECRET_KEY}",
                "sources: {generator: {enabled: false}, webhook: {enabled: false}}",
                "dashboard: {host: 127.0.0.1, port: 0}",
                ""));
    }

    private Process servers(Path config, String output) throws Exception {
        Path out = dir.resolve(output);
        ProcessBuilder pb = ChildCommand.of("1g", out, "servers", "--config", config.toString(), "--topics", "config/topics.yml");
        pb.environment().put("ETL_DATA_DIR", dir.resolve("servers").toString());
        s3Keys(pb);
        pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
        Process p = pb.start();
        ChildCommand.awaitPrinted(out, "Running. Press Ctrl-C", p);
        return p;
    }

    private static void s3Keys(ProcessBuilder pb) {
        pb.environment().put("S3_ACCESS_KEY", EmbeddedStack.S3_ACCESS_KEY);
        pb.environment().put("S3_SECRET_KEY", EmbeddedStack.S3_SECRET_KEY);
    }
}
