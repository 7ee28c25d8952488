package br.com.etlvendas.cli;

import br.com.etlvendas.embedded.EmbeddedPostgresServer;
import br.com.etlvendas.it.KafkaClusterProcesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ingest} in a process of its own against a real 3-broker KRaft cluster, each broker a JVM of its own, its
 * topics replicated 3 times with {@code min.insync.replicas} 2 ({@code deploy/topics.yml}): one broker is killed
 * with {@code kill -9} mid-run, and the ingest must still end reconciled, with every valid line in the warehouse once,
 * the revenue to the cent and every bad line in the DLQ once. Too slow for every build: profile {@code faults}.
 */
class KafkaClusterFaultIT {

    private static final long LINES = 100_000;
    private static final String REPLICATED_TOPICS = "deploy/topics.yml";

    @TempDir
    Path dir;

    @Test
    void shouldLoadEveryLineExactlyOnceWhenOneOfThreeBrokersIsKilledDuringTheIngest() throws Exception {
        // given a 3-broker cluster and a 100,000-line file with bad lines among them
        long seed = System.nanoTime();
        List<String> history = new ArrayList<>();
        try (KafkaClusterProcesses cluster = KafkaClusterProcesses.start(dir.resolve("cluster"))) {
            FaultRun run = new FaultRun(dir);
            FaultRun.Input input = run.input(LINES);
            Path log = dir.resolve("ingest.log");
            ProcessBuilder command = run.ingest(run.config("${KAFKA_BOOTSTRAP_SERVERS}"), input, REPLICATED_TOPICS, log);
            command.environment().put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
            long started = System.nanoTime();
            Process ingest = command.start();
            try {
                // when, once the warehouse is loading, one broker (any one: leader, controller or follower) is killed -9
                run.awaitWarehouseLoading(ingest, log);
                int victim = 1 + new SplittableRandom(seed).nextInt(cluster.size()); // Random's first value hardly varies with the seed
                int controller = cluster.activeController();
                cluster.kill(victim);
                history.add("broker " + victim + " of " + cluster.size() + " (active controller: " + controller + ") killed -9 "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms into the ingest (seed " + seed + ")");
                System.out.println(history);

                // then the ingest ends by itself, reconciled
                assertThat(ingest.waitFor(8, TimeUnit.MINUTES)).as("ingest ends; %s", history).isTrue();
                String printed = Files.readString(log);
                history.add("ingest ended after " + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s");
                System.out.println(history + System.lineSeparator() + printed);
                assertThat(ingest.exitValue()).as(printed + history).isZero();
                assertThat(printed).contains(input.reconciliation()).contains("(OK)");

                // and the warehouse and the DLQ, read from the two surviving brokers, say the same
                run.assertWarehouse(input, history);
                FaultRun.assertDlq(cluster.bootstrapServers(), FaultRun.source(printed), input, history);
            } finally {
                if (ingest.isAlive()) { // the test failed: no process of it outlives it
                    ingest.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                    EmbeddedPostgresServer.stopLeftover(run.dataDir().resolve(Infrastructure.POSTGRES_DIR), Duration.ofSeconds(30));
                }
            }
        }
    }
}
