package br.com.etlvendas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user meets it, without any server: exit codes, what goes to stdout and stderr,
 * every configuration problem listed at once, secrets never echoed, and a taken port refused before
 * anything starts.
 */
class CommandLineTest {

    private static final String LITERAL_PASSWORD = "hunter2-N0t-For-Files";

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void shouldAcceptTheShippedConfigurationFiles() {
        // given config/etl-config.yml and config/topics.yml as shipped (the defaults, relative to the repo root)
        // when
        CliRun run = run("config", "check");

        // then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Configuration OK")
                .contains(Path.of("config", "etl-config.yml").toString())
                .contains(Path.of("config", "topics.yml").toString());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldListEveryProblemOfBothFilesWithFileAndKeyAndNeverEchoTheLiteralPassword() throws IOException {
        // given an etl-config.yml with an unknown key, a port out of range, a wrong type and a literal password
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "kafka:",
                "  bootstrap-servers: localhost:9092",
                "  embeded:",
                "    port: 9092",
                "warehouse:",
                "  password: " + LITERAL_PASSWORD,
                "  loader:",
                "    max-batch-rows: lots",
                "dashboard:",
                "  port: 70000",
                ""));
        // and a topics.yml asking for a topic with no partitions
        Path topics = Files.writeString(dir.resolve("topics.yml"), String.join("\n",
                "topics:",
                "  raw:",
                "    name: sales.raw",
                "    partitions: 0",
                ""));

        // when
        CliRun run = run("config", "check", "--config", etl.toString(), "--topics", topics.toString());

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).doesNotContain("Configuration OK");
        assertThat(run.err())
                .contains("Configuration has 5 problem(s)")
                .contains(etl + ": kafka.embeded: unknown key (did you mean 'embedded'?)")
                .contains(etl + ": dashboard.port: must be between 0 and 65535, got 70000")
                .contains(etl + ": warehouse.loader.max-batch-rows: must be a whole number, got 'lots'")
                .contains(etl + ": warehouse.password: is a secret and must come from the environment")
                .contains(topics + ": topics.raw.partitions: must be between 1 and 10000, got 0");
        assertThat(run.out() + run.err()).doesNotContain(LITERAL_PASSWORD);
    }

    @Test
    void shouldRejectAnUnknownDemoOptionAsAUsageError() {
        // when
        CliRun run = run("demo", "--no-such-option");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--no-such-option");
        assertThat(run.out()).doesNotContain("Starting ETL Vendas");
    }

    @Test
    void shouldRefuseExitWhenDoneWithoutSalesNamingTheMissingOption() {
        // when
        CliRun run = run("demo", "--exit-when-done");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--exit-when-done needs --sales");
        assertThat(run.out()).doesNotContain("Starting ETL Vendas");
    }

    @Test
    void shouldRefuseATakenDashboardPortNamingThePortAndItsKeyBeforeStartingAnyServer() throws IOException {
        // given a port something else listens on
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();
            // and a configuration whose dashboard wants that port, every embedded server on a port of its choice
            Path etl = Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                    "data-dir: " + dir.resolve("data"),
                    "kafka:",
                    "  embedded:",
                    "    port: 0",
                    "    controller-port: 0",
                    "warehouse:",
                    "  embedded:",
                    "    port: 0",
                    "s3:",
                    "  embedded:",
                    "    port: 0",
                    "dashboard:",
                    "  host: 127.0.0.1",
                    "  port: " + port,
                    ""));
            Path topics = Files.writeString(dir.resolve("topics.yml"), "");

            // when
            CliRun run = run("demo", "--sales", "1", "--exit-when-done", "--config", etl.toString(), "--topics", topics.toString());

            // then
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .contains(etl + ": dashboard.port: port " + port + " is already in use")
                    .contains("set dashboard.port to a free port");
            assertThat(run.out()).as("nothing was started").doesNotContain("Starting ETL Vendas");
            for (String server : List.of(Infrastructure.KAFKA_DIR, Infrastructure.POSTGRES_DIR, Infrastructure.S3_DIR)) {
                assertThat(dir.resolve("data").resolve(server)).as("no embedded server wrote its data").doesNotExist();
            }
        }
    }

    @Test
    void shouldRefuseUnknownRolesNamingThemAndTheValidOnesBeforeStartingAnything() {
        // when
        CliRun run = run("run", "--roles", "transform,loader");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown role 'loader'").contains("valid roles: extract, transform, load, serve");
        assertThat(run.out()).doesNotContain("Starting ETL Vendas");
    }

    @Test
    void shouldRefuseAnEmptyRoleList() {
        // when
        CliRun run = run("run", "--roles", "");

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--roles is empty; name one or more of: extract, transform, load, serve");
    }

    @Test
    void shouldReadDurationsAsTheConfigFilesWriteThemAndAsIso8601() {
        for (String[] written : new String[][]{{"20m", "PT20M"}, {"30s", "PT30S"}, {"1h", "PT1H"}, {"7d", "PT168H"},
                {"500ms", "PT0.5S"}, {"PT20M", "PT20M"}}) {
            picocli.CommandLine cl = EtlVendasCommand.commandLine();
            picocli.CommandLine.ParseResult parsed = cl.parseArgs("ingest", "x.csv", "--mapping", "m.yml",
                    "--settle-timeout", written[0]);
            IngestCommand ingest = (IngestCommand) parsed.subcommand().commandSpec().userObject();
            assertThat(ingest.settleTimeout).as(written[0]).isEqualTo(java.time.Duration.parse(written[1]));
        }
    }

    @Test
    void shouldRefuseAMalformedDurationWithExitTwoSayingHowToWriteOne() {
        CliRun run = run("demo", "--settle-timeout", "twenty minutes");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("'twenty minutes' is not a duration").contains("20m").contains("PT20M");
    }

    @Test
    void shouldListMissingConfigurationFilesWithExitTwoForTheBenchmarksToo() {
        // given config files that do not exist, handed to commands that load them without taking a data directory
        for (String[] command : new String[][]{{"bench", "e2e"}, {"bench", "load"}, {"bench", "s3-ingest"}}) {
            String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(command), java.util.stream.Stream.of(
                    "--config", dir.resolve("missing-etl.yml").toString(), "--topics", dir.resolve("missing-topics.yml").toString()))
                    .toArray(String[]::new);

            // when
            CliRun run = run(args);

            // then every problem is listed, with exit 2 and no stack trace
            assertThat(run.exitCode()).as(String.join(" ", command)).isEqualTo(2);
            assertThat(run.err()).contains("Configuration has 2 problem(s)").contains("missing-etl.yml: file not found")
                    .contains("missing-topics.yml: file not found").doesNotContain("at br.com.etlvendas");
        }
    }

    @Test
    void shouldTellHowToGatherKafkaConnectWhenBenchLoadFindsItMissing() {
        // given the shipped configuration and a Connect directory with nothing in it
        // when
        CliRun run = run("bench", "load", "--connect-home", dir.resolve("no-connect").toString());

        // then the run stops before starting anything, with exit 2 and the command that gathers Connect
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no Kafka Connect in").contains("-f bench-connect/pom.xml package")
                .doesNotContain("at br.com.etlvendas");
    }

    @Test
    void shouldRefuseToListenBeyondThisMachineWithoutATokenNamingTheKeyBeforeStartingAnyServer() throws IOException {
        // given a dashboard on every address and no token
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                "data-dir: " + dir.resolve("data"),
                "dashboard:",
                "  host: 0.0.0.0",
                "  port: 0",
                ""));
        Path topics = Files.writeString(dir.resolve("topics.yml"), "");

        // when
        CliRun run = run("demo", "--sales", "1", "--exit-when-done", "--config", etl.toString(), "--topics", topics.toString());

        // then
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(etl + ": dashboard.token: is required when dashboard.host is '0.0.0.0'")
                .contains("${ETL_DASHBOARD_TOKEN}");
        assertThat(run.out()).doesNotContain("Starting ETL Vendas");
        assertThat(dir.resolve("data").resolve(Infrastructure.KAFKA_DIR)).doesNotExist();
    }
}
