package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.extract.generator.GeneratorSource;
import br.com.etlvendas.it.EmbeddedStack;
import br.com.etlvendas.it.TestKafka;
import br.com.etlvendas.sale.SaleJson;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code run --roles transform,load} in two real, separate JVMs sharing the work through Kafka's own group
 * rebalancing, against the shared real Kafka, PostgreSQL and S3: while sales are flowing one process is
 * killed with SIGKILL, the other takes over its partitions, and the warehouse still holds every valid line
 * exactly once, its revenue equal to the generator's ledger to the cent.
 */
@ExtendWith(EmbeddedStack.class)
class ScaleOutIT {

    private static final String NAME = "scale-out";
    private static final int SALES = 12_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void givenTwoTransformAndLoadProcessesWhenOneIsKilledMidwayThenTheOtherTakesOverAndEveryLineIsLoadedExactlyOnce()
            throws Exception {
        // given this test's own topics, application id, loader group and warehouse database on the shared servers,
        // and a generator re-sending some sales and spoiling others, so de-duplication state must move with the work
        TestKafka kafka = TestKafka.forTest(NAME);
        LoadedConfig config = EmbeddedStack.configFor(NAME, String.join("\n",
                "    sales-per-second: 20000",
                "    invalid-fraction: 0.02",
                "    duplicate-fraction: 0.05",
                "    seed: 20261201"));
        Path childConfig = writeChildConfig();
        Path topicsFile = EmbeddedStack.configDir(NAME).resolve("topics.yml");
        String jdbcUrl = config.etl().warehouse().jdbcUrl().orElseThrow();

        // and two processes running only the transform and load roles
        Worker first = Worker.start(dir.resolve("worker-1"), childConfig, topicsFile, jdbcUrl);
        Worker second = Worker.start(dir.resolve("worker-2"), childConfig, topicsFile, jdbcUrl);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap()))) {
            awaitTrue("both processes running", Duration.ofSeconds(60), () -> first.said("ETL Vendas is running:")
                    && second.said("ETL Vendas is running:"), () -> first.output() + second.output());
            assertThat(first.output()).contains("Roles            transform,load").doesNotContain("Dashboard");
            awaitTrue("both processes holding partitions of the Streams application and of the loader group",
                    Duration.ofSeconds(60), () -> bothMembersAssigned(admin, NAME) && bothMembersAssigned(admin, NAME + "-loader"),
                    () -> first.output() + second.output());

            // when sales flow in and, once lines are being loaded, the first process is killed without warning
            GeneratorSource generator = new GeneratorSource(kafka.topics().raw(), config.etl().generator(),
                    kafka.bootstrap(), "scale-out-run", OptionalLong.of(SALES), Clock.systemUTC());
            try (generator) {
                Thread producing = new Thread(generator, "scale-out-generator");
                producing.start();
                awaitTrue("lines loaded before the kill", Duration.ofSeconds(60),
                        () -> loadedLines(jdbcUrl, generator.source()) >= 2_000, () -> first.output() + second.output());
                first.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                awaitTrue("the survivor holding every partition of sales.raw and of sales.clean", Duration.ofSeconds(60),
                        () -> soleMemberHoldsAll(admin, NAME, config.topics().get(TopicId.RAW))
                                && soleMemberHoldsAll(admin, NAME + "-loader", config.topics().get(TopicId.CLEAN)),
                        second::output);
                producing.join(60_000);
                GeneratorLedger.Snapshot ledger = generator.ledger().snapshot();
                assertThat(ledger.records()).isEqualTo(SALES);
                long loadedAtKill = loadedLines(jdbcUrl, generator.source());
                assertThat(loadedAtKill).as("the kill came midway").isLessThan(ledger.validLines());

                // then the survivor loads the rest: every valid line once, nothing missing, revenue to the cent
                awaitTrue("every valid line loaded", Duration.ofSeconds(90),
                        () -> loadedLines(jdbcUrl, generator.source()) >= ledger.validLines(), second::output);
                Thread.sleep(1_000); // a late duplicate would show up in the next loader poll
                try (Connection c = DriverManager.getConnection(jdbcUrl, config.etl().warehouse().user(), "");
                     Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT (sale_id, line_no)), "
                             + "sum(net_amount) FILTER (WHERE status = 'COMPLETED') FROM sale_line WHERE source = '"
                             + generator.source() + "'")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("lines in the warehouse").isEqualTo(ledger.validLines());
                    assertThat(rs.getLong(2)).as("no line stored twice").isEqualTo(rs.getLong(1));
                    assertThat(rs.getBigDecimal(3)).as("revenue").isEqualByComparingTo(ledger.revenue().amount());
                }
                assertThat(second.process.isAlive()).as(second.output()).isTrue();
            }
        } finally {
            first.process.destroyForcibly();
            second.stop();
        }
        // and the survivor stops cleanly on SIGTERM
        assertThat(second.output()).contains("Stopped cleanly.");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void givenOnlyTheServeRoleWhenHealthIsAskedThenItReportsOnlyThatRoleAndNoOtherStageRuns() throws Exception {
        // given a process running only the dashboard, its API and the webhook
        LoadedConfig config = EmbeddedStack.configFor("serve-only", "");
        Infrastructure infra = Infrastructure.start(config.etl(), new Shutdown());
        try (PipelineRuntime runtime = new PipelineRuntime(config, infra, EnumSet.of(Role.SERVE))) {
            // when
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + runtime.dashboard().port() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());

            // then it is up, and says nothing of Streams or the loader, which this process does not run
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            var body = SaleJson.mapper().readTree(health.body());
            assertThat(body.get("status").asText()).isEqualTo("UP");
            assertThat(body.get("roles").toString()).isEqualTo("[\"serve\"]");
            assertThat(body.has("streams")).as(health.body()).isFalse();
            assertThat(body.has("loader")).as(health.body()).isFalse();
            assertThatThrownBy(runtime::loader).hasMessage("the load role does not run in this process");
        }
    }

    /** The children's configuration: every endpoint from the environment, as a user's processes would have it. */
    private Path writeChildConfig() throws IOException {
        return Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "data-dir: ${ETL_DATA_DIR}",
                "kafka:",
                "  bootstrap-servers: ${KAFKA_BOOTSTRAP_SERVERS}",
                "warehouse:",
                "  jdbc-url: ${WAREHOUSE_JDBC_URL}",
                "  user: ${WAREHOUSE_USER}",
                "  loader:",
                "    consumer-group: " + NAME + "-loader",
                "    session-timeout: 6s",
                "s3:",
                "  endpoint: ${S3_ENDPOINT}",
                "  bucket: " + NAME,
                "  access-key: ${S3_ACCESS_KEY}",
                "  secret-key: ${S3_SECRET_KEY}",
                "pipeline:",
                "  application-id: " + NAME,
                "  commit-interval: 100ms",
                "  kpi-emit-interval: 200ms",
                "  session-timeout: 6s",
                "dashboard:",
                "  host: 127.0.0.1",
                "  port: 0",
                ""));
    }

    private static boolean bothMembersAssigned(Admin admin, String group) {
        ConsumerGroupDescription d = describe(admin, group);
        return d != null && d.members().size() == 2
                && d.members().stream().map(MemberDescription::assignment).allMatch(a -> !a.topicPartitions().isEmpty());
    }

    private static boolean soleMemberHoldsAll(Admin admin, String group, TopicSpec topic) {
        ConsumerGroupDescription d = describe(admin, group);
        return d != null && d.members().size() == 1 && d.members().iterator().next().assignment().topicPartitions()
                .stream().filter(tp -> tp.topic().equals(topic.name())).count() == topic.partitions();
    }

    /** The group as the broker sees it now; {@code null} while the broker cannot tell (it is then asked again). */
    private static ConsumerGroupDescription describe(Admin admin, String group) {
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get(10, TimeUnit.SECONDS).get(group);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long loadedLines(String jdbcUrl, String source) {
        try (Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedStack.servers().postgres().user(), "");
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sale_line WHERE source = '" + source + "'")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            // the first process migrates the schema: until then there is no table to count
            return 0;
        }
    }

    private static void awaitTrue(String what, Duration timeout, BooleanSupplier condition,
                                  java.util.function.Supplier<String> context) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + context.get());
            }
            Thread.sleep(200);
        }
    }

    /** One {@code etl-vendas run --roles transform,load} JVM, its output in a file under its data directory. */
    private record Worker(Process process, Path log) {

        static Worker start(Path dataDir, Path config, Path topics, String jdbcUrl) throws IOException {
            Files.createDirectories(dataDir);
            var servers = EmbeddedStack.servers();
            ProcessBuilder pb = ChildCommand.of("512m", dataDir.resolve("output.txt"), "run", "--roles", "transform,load",
                    "--config", config.toString(), "--topics", topics.toString());
            Map<String, String> env = pb.environment();
            env.put("ETL_DATA_DIR", dataDir.toString());
            env.remove("ETL_LOG_DIR");
            env.put("KAFKA_BOOTSTRAP_SERVERS", servers.kafka().bootstrapServers());
            env.put("WAREHOUSE_JDBC_URL", jdbcUrl);
            env.put("WAREHOUSE_USER", servers.postgres().user());
            env.put("S3_ENDPOINT", servers.s3().endpoint().toString());
            env.put("S3_ACCESS_KEY", EmbeddedStack.S3_ACCESS_KEY);
            env.put("S3_SECRET_KEY", EmbeddedStack.S3_SECRET_KEY);
            return new Worker(pb.start(), dataDir.resolve("output.txt"));
        }

        boolean said(String text) {
            return output().contains(text);
        }

        String output() {
            try {
                return "--- " + log + " ---\n" + Files.readString(log) + "\n";
            } catch (IOException e) {
                return "--- " + log + " unreadable: " + e.getMessage() + "\n";
            }
        }

        /** SIGTERM, as a service manager stops it; waits for the clean stop. */
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
