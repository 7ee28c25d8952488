package br.com.etlvendas.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    // ---- helpers -------------------------------------------------------------------------------------

    private Path etl(String yaml) throws IOException {
        return Files.writeString(dir.resolve("etl-config.yml"), yaml);
    }

    private Path topics(String yaml) throws IOException {
        return Files.writeString(dir.resolve("topics.yml"), yaml);
    }

    private LoadedConfig load(String etlYaml, String topicsYaml, Map<String, String> env) throws IOException {
        return new ConfigLoader(env).load(etl(etlYaml), topics(topicsYaml));
    }

    private ConfigException failure(String etlYaml, String topicsYaml, Map<String, String> env) throws IOException {
        Path e = etl(etlYaml);
        Path t = topics(topicsYaml);
        ConfigException thrown = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(env).load(e, t));
        assertThat(thrown).as("loading should fail with a ConfigException").isNotNull();
        return thrown;
    }

    private static List<String> paths(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::path).toList();
    }

    private static ConfigProblem problemAt(ConfigException e, String path) {
        return e.problems().stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem reported at " + path + " in " + e.problems()));
    }

    // ---- defaults ------------------------------------------------------------------------------------

    @Test
    void shouldLoadEmptyFilesWithDefaults() throws IOException {
        // given two empty files
        // when
        LoadedConfig config = load("", "", Map.of());

        // then
        assertThat(config.etl().dashboard().port()).isEqualTo(3000);
        assertThat(config.etl().dashboard().host()).as("this machine only, unless configured").isEqualTo("127.0.0.1");
        assertThat(config.etl().dashboard().token().isEmpty()).isTrue();
        assertThat(config.etl().kafka().embedded()).isTrue();
        assertThat(config.etl().kafka().embeddedPort()).isEqualTo(9092);
        assertThat(config.etl().warehouse().embedded()).isTrue();
        assertThat(config.etl().warehouse().password().isEmpty()).isTrue();
        assertThat(config.etl().s3().embedded()).isTrue();
        assertThat(config.etl().s3().bucket()).isEqualTo("vendas");
        assertThat(config.etl().pipeline().applicationId()).isEqualTo("etl-vendas");
        assertThat(config.etl().pipeline().dedupeRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.etl().generator().salesPerSecond()).isEqualTo(500);
        assertThat(config.etl().dataDir()).isEqualTo(Path.of("./data"));
        for (TopicId id : TopicId.values()) {
            TopicSpec spec = config.topics().get(id);
            assertThat(spec.name()).isEqualTo(id.defaultName());
            assertThat(spec.partitions()).isEqualTo(3);
            assertThat(spec.replicationFactor()).isEqualTo((short) 1);
            assertThat(spec.retention()).contains(Duration.ofDays(7));
            assertThat(spec.cleanupPolicy()).isEqualTo(id.defaultCleanupPolicy());
        }
    }

    @Test
    void shouldLoadMinimalFileAndKeepDefaultsForWhatItDoesNotSay() throws IOException {
        // given
        String etl = """
                dashboard:
                  port: 8080
                pipeline:
                  dedupe-retention: 1d
                """;

        // when
        LoadedConfig config = load(etl, "topics: {}\n", Map.of());

        // then
        assertThat(config.etl().dashboard().port()).isEqualTo(8080);
        assertThat(config.etl().dashboard().refreshInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.etl().pipeline().dedupeRetention()).isEqualTo(Duration.ofDays(1));
        assertThat(config.etl().pipeline().kpiEmitInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(config.etl().kafka().embedded()).isTrue();
    }

    // ---- environment substitution ---------------------------------------------------------------------

    @Test
    void shouldSubstituteEnvironmentVariables() throws IOException {
        // given
        String etl = """
                kafka:
                  bootstrap-servers: ${KAFKA_HOST}:${KAFKA_PORT}
                dashboard:
                  port: ${DASHBOARD_PORT}
                """;

        // when
        LoadedConfig config = load(etl, "", Map.of("KAFKA_HOST", "broker1", "KAFKA_PORT", "29092", "DASHBOARD_PORT", "4000"));

        // then
        assertThat(config.etl().kafka().bootstrapServers()).contains("broker1:29092");
        assertThat(config.etl().kafka().embedded()).isFalse();
        assertThat(config.etl().dashboard().port()).isEqualTo(4000);
    }

    @Test
    void shouldUseDefaultOfReferenceWhenVariableIsUnsetOrEmpty() throws IOException {
        // given
        String etl = """
                dashboard:
                  port: ${DASHBOARD_PORT:-3100}
                  host: ${DASHBOARD_HOST:-127.0.0.1}
                s3:
                  bucket: ${BUCKET:-vendas-dev}
                """;

        // when DASHBOARD_PORT is unset, DASHBOARD_HOST is empty and BUCKET is set
        LoadedConfig config = load(etl, "", Map.of("DASHBOARD_HOST", "", "BUCKET", "vendas-prod"));

        // then
        assertThat(config.etl().dashboard().port()).isEqualTo(3100);
        assertThat(config.etl().dashboard().host()).isEqualTo("127.0.0.1");
        assertThat(config.etl().s3().bucket()).isEqualTo("vendas-prod");
    }

    @Test
    void shouldReportMissingEnvironmentVariableWithoutDefaultByName() throws IOException {
        // given
        String etl = """
                kafka:
                  bootstrap-servers: ${KAFKA_BOOTSTRAP}
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = e.problems().get(0);
        assertThat(p.path()).isEqualTo("kafka.bootstrap-servers");
        assertThat(p.message()).contains("KAFKA_BOOTSTRAP").contains("not set");
        assertThat(e.getMessage()).contains("KAFKA_BOOTSTRAP");
    }

    // ---- unknown keys --------------------------------------------------------------------------------

    @Test
    void shouldReportUnknownTopLevelKeyWithSuggestion() throws IOException {
        // given
        String etl = """
                dashbord:
                  port: 3000
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = problemAt(e, "dashbord");
        assertThat(p.message()).contains("unknown key").contains("did you mean 'dashboard'?");
    }

    @Test
    void shouldReportUnknownNestedKeyWithFullPathAndSuggestion() throws IOException {
        // given
        String etl = """
                dashboard:
                  prot: 3000
                warehouse:
                  loader:
                    max-batch-rowz: 10
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(paths(e)).containsExactlyInAnyOrder("dashboard.prot", "warehouse.loader.max-batch-rowz");
        assertThat(problemAt(e, "dashboard.prot").message()).contains("unknown key").contains("did you mean 'port'?");
        assertThat(problemAt(e, "warehouse.loader.max-batch-rowz").message()).contains("did you mean 'max-batch-rows'?");
    }

    @Test
    void shouldReportUnknownKeyWithoutSuggestionWhenNothingIsClose() throws IOException {
        // given
        String etl = """
                telemetry:
                  enabled: true
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(problemAt(e, "telemetry").message()).contains("unknown key").doesNotContain("did you mean");
    }

    // ---- wrong types and ranges ----------------------------------------------------------------------

    @Test
    void shouldRejectPortThatIsNotANumber() throws IOException {
        // given
        String etl = """
                dashboard:
                  port: "abc"
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(problemAt(e, "dashboard.port").message()).contains("whole number").contains("'abc'");
    }

    @Test
    void shouldRejectPortOutOfRange() throws IOException {
        // given
        String etl = """
                dashboard:
                  port: 70000
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(problemAt(e, "dashboard.port").message()).contains("between 0 and 65535").contains("70000");
    }

    @Test
    void shouldRejectBadDurationAndBadBoolean() throws IOException {
        // given
        String etl = """
                pipeline:
                  dedupe-retention: a week
                sources:
                  generator:
                    enabled: maybe
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(paths(e)).containsExactlyInAnyOrder("pipeline.dedupe-retention", "sources.generator.enabled");
        assertThat(problemAt(e, "pipeline.dedupe-retention").message()).contains("'a week'");
        assertThat(problemAt(e, "sources.generator.enabled").message()).contains("true or false");
    }

    // ---- secrets -------------------------------------------------------------------------------------

    @Test
    void shouldRefuseLiteralSecretWithoutEverPrintingIt() throws IOException {
        // given
        String etl = """
                warehouse:
                  password: hunter2
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = problemAt(e, "warehouse.password");
        assertThat(p.message()).contains("secret").contains("environment");
        assertThat(p.message()).doesNotContain("hunter2");
        assertThat(p.toString()).doesNotContain("hunter2");
        assertThat(e.getMessage()).doesNotContain("hunter2");
    }

    @Test
    void shouldNameTheDriversDirectoryWhenNoDriverAcceptsADatabaseSourcesUrl() throws IOException {
        // given a DB2 source, whose driver is installed nowhere, next to a PostgreSQL one, whose driver is built in
        String etl = """
                sources:
                  jdbc:
                    - name: erp-db2
                      jdbc-url: jdbc:db2://erp:50000/loja
                      table: vendas
                      watermark-column: id
                      mapping: config/mappings/vendas-ptbr.yml
                    - name: erp-postgres
                      jdbc-url: jdbc:postgresql://erp:5432/loja
                      table: vendas
                      watermark-column: id
                      mapping: config/mappings/vendas-ptbr.yml
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then only the DB2 URL is a problem, and the message says what to do
        List<ConfigProblem> driverProblems = e.problems().stream().filter(p -> p.path().endsWith("jdbc-url")).toList();
        assertThat(driverProblems).hasSize(1);
        assertThat(driverProblems.get(0).message()).contains("no JDBC driver for jdbc:db2://erp:50000/loja")
                .contains("drivers/").contains("org.mariadb.jdbc:mariadb-java-client");
    }

    @Test
    void shouldReadSecretFromEnvironmentAndNeverPrintIt() throws IOException {
        // given
        String etl = """
                warehouse:
                  jdbc-url: jdbc:postgresql://db:5432/etl
                  password: ${WAREHOUSE_PASSWORD}
                """;

        // when
        LoadedConfig config = load(etl, "", Map.of("WAREHOUSE_PASSWORD", "hunter2"));

        // then
        Secret password = config.etl().warehouse().password();
        assertThat(password.reveal()).isEqualTo("hunter2");
        assertThat(password.toString()).isEqualTo("****");
        assertThat(config.etl().warehouse().toString()).doesNotContain("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldReportSecretReferenceToUnsetVariable() throws IOException {
        // given
        String etl = """
                s3:
                  secret-key: ${S3_SECRET_KEY}
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(problemAt(e, "s3.secret-key").message()).contains("S3_SECRET_KEY").contains("not set");
    }

    // ---- unreadable files ----------------------------------------------------------------------------

    @Test
    void shouldReportInvalidYamlWithItsLineNumber() throws IOException {
        // given a mapping whose third line is badly indented
        String etl = """
                dashboard:
                  port: 3000
                 host: localhost
                """;

        // when
        ConfigException e = failure(etl, "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = e.problems().get(0);
        assertThat(p.file()).isEqualTo(dir.resolve("etl-config.yml").toString());
        assertThat(p.path()).isEmpty();
        assertThat(p.message()).contains("not valid YAML").contains("line 3");
    }

    @Test
    void shouldReportMissingFile() throws IOException {
        // given
        Path etl = etl("");
        Path missing = dir.resolve("no-such-topics.yml");

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(etl, missing));

        // then
        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).file()).isEqualTo(missing.toString());
        assertThat(e.problems().get(0).message()).contains("file not found");
    }

    @Test
    void shouldRejectFileThatIsNotAMapping() throws IOException {
        // given
        // when
        ConfigException e = failure("- just\n- a list\n", "", Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(e.problems().get(0).message()).contains("mapping");
    }

    // ---- every problem at once -----------------------------------------------------------------------

    @Test
    void shouldReportSeveralProblemsAcrossBothFilesAtOnce() throws IOException {
        // given five problems in etl-config.yml ...
        String etl = """
                kafka:
                  bootstrap-servers: ${KAFKA_BOOTSTRAP}
                warehouse:
                  password: hunter2
                dashboard:
                  port: "abc"
                  prot: 3000
                dashbord:
                  host: x
                """;
        // ... and three in topics.yml
        String topics = """
                topics:
                  raw:
                    partitions: 0
                  clean:
                    name: sales.raw
                  kpi-totals:
                    cleanup-policy: sometimes
                """;
        Path etlFile = etl(etl);
        Path topicsFile = topics(topics);

        // when
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(etlFile, topicsFile));

        // then
        assertThat(e).isNotNull();
        assertThat(e.problems()).hasSize(8);
        assertThat(e.problems()).filteredOn(p -> p.file().equals(etlFile.toString()))
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("kafka.bootstrap-servers", "warehouse.password", "dashboard.port",
                        "dashboard.prot", "dashbord");
        assertThat(e.problems()).filteredOn(p -> p.file().equals(topicsFile.toString()))
                .extracting(ConfigProblem::path)
                .containsExactlyInAnyOrder("topics.raw.partitions", "topics.clean.name", "topics.kpi-totals.cleanup-policy");
        assertThat(e.getMessage()).startsWith("8 configuration problem(s)").doesNotContain("hunter2");
        assertThat(problemAt(e, "kafka.bootstrap-servers").message()).contains("KAFKA_BOOTSTRAP");
        assertThat(problemAt(e, "dashbord").message()).contains("did you mean 'dashboard'?");
    }

    // ---- topics.yml ----------------------------------------------------------------------------------

    @Test
    void shouldReadTopicLayoutFromDefaultsAndPerTopicOverrides() throws IOException {
        // given
        String topics = """
                defaults:
                  partitions: 6
                  replication-factor: 3
                  retention: 3d
                topics:
                  raw:
                    name: vendas.bruto
                  dlq:
                    partitions: 1
                    retention: 12h
                  kpi-totals:
                    retention: forever
                    cleanup-policy: compact,delete
                """;

        // when
        TopicsConfig config = load("", topics, Map.of()).topics();

        // then
        assertThat(config.get(TopicId.RAW).name()).isEqualTo("vendas.bruto");
        assertThat(config.get(TopicId.RAW).partitions()).isEqualTo(6);
        assertThat(config.get(TopicId.RAW).replicationFactor()).isEqualTo((short) 3);
        assertThat(config.get(TopicId.RAW).retention()).contains(Duration.ofDays(3));
        assertThat(config.get(TopicId.DLQ).partitions()).isEqualTo(1);
        assertThat(config.get(TopicId.DLQ).retention()).contains(Duration.ofHours(12));
        assertThat(config.get(TopicId.KPI_TOTALS).retention()).isEqualTo(Optional.empty());
        assertThat(config.get(TopicId.KPI_TOTALS).cleanupPolicy()).isEqualTo("compact,delete");
        assertThat(config.get(TopicId.CLEAN).name()).isEqualTo("sales.clean");
    }

    @Test
    void shouldRejectZeroPartitions() throws IOException {
        // given
        String topics = """
                topics:
                  clean:
                    partitions: 0
                """;

        // when
        ConfigException e = failure("", topics, Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        ConfigProblem p = problemAt(e, "topics.clean.partitions");
        assertThat(p.file()).isEqualTo(dir.resolve("topics.yml").toString());
        assertThat(p.message()).contains("between 1 and 10000").contains("got 0");
    }

    @Test
    void shouldRejectUnknownCleanupPolicy() throws IOException {
        // given
        String topics = """
                topics:
                  raw:
                    cleanup-policy: sometimes
                """;

        // when
        ConfigException e = failure("", topics, Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(problemAt(e, "topics.raw.cleanup-policy").message()).contains("'sometimes'").contains("compact");
    }

    @Test
    void shouldReadForeverRetentionAsNoRetention() throws IOException {
        // given
        String topics = """
                defaults:
                  retention: forever
                """;

        // when
        TopicsConfig config = load("", topics, Map.of()).topics();

        // then
        for (TopicId id : TopicId.values()) {
            assertThat(config.get(id).retention()).isEmpty();
        }
    }

    @Test
    void shouldRejectRetentionThatIsNotADuration() throws IOException {
        // given
        String topics = """
                topics:
                  raw:
                    retention: 0d
                  dlq:
                    retention: soon
                """;

        // when
        ConfigException e = failure("", topics, Map.of());

        // then
        assertThat(paths(e)).containsExactlyInAnyOrder("topics.raw.retention", "topics.dlq.retention");
        assertThat(problemAt(e, "topics.dlq.retention").message()).contains("'soon'").contains("forever");
    }

    @Test
    void shouldRejectDuplicateTopicNames() throws IOException {
        // given
        String topics = """
                topics:
                  clean:
                    name: sales.everything
                  dlq:
                    name: sales.everything
                """;

        // when
        ConfigException e = failure("", topics, Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(problemAt(e, "topics.dlq.name").message()).contains("sales.everything").contains("already used");
    }

    @Test
    void shouldReportUnknownTopicRoleWithSuggestion() throws IOException {
        // given
        String topics = """
                topics:
                  rwa:
                    partitions: 2
                """;

        // when
        ConfigException e = failure("", topics, Map.of());

        // then
        assertThat(e.problems()).hasSize(1);
        assertThat(problemAt(e, "topics.rwa").message()).contains("unknown key").contains("did you mean 'raw'?");
    }

    // ---- sources -------------------------------------------------------------------------------------

    @Test
    void shouldReadListsOfWatchedPrefixesAndReportUnknownKeysInsideThem() throws IOException {
        // given an S3 source with two prefixes, one holding a misspelt key
        String yaml = String.join("\n",
                "sources:",
                "  s3:",
                "    enabled: true",
                "    prefixes:",
                "      - prefix: incoming/a/",
                "        mapping: a.yml",
                "      - prefix: incoming/b/",
                "        maping: b.yml");

        // when
        ConfigException e = failure(yaml, "", Map.of());

        // then the second item is missing its mapping and names the near miss
        assertThat(paths(e)).contains("sources.s3.prefixes[1].mapping", "sources.s3.prefixes[1].maping");
        assertThat(problemAt(e, "sources.s3.prefixes[1].maping").message()).contains("did you mean 'mapping'");
    }

    @Test
    void shouldRefuseTaggingReadObjectsOnTheEmbeddedS3ServerWhichHasNoTags() throws IOException {
        // given the embedded S3 server (no endpoint) and after-processing: tag
        String yaml = String.join("\n",
                "sources:",
                "  s3:",
                "    enabled: true",
                "    prefixes:",
                "      - prefix: incoming/",
                "        mapping: a.yml",
                "    after-processing: tag");

        // when
        ConfigException e = failure(yaml, "", Map.of());

        // then
        assertThat(problemAt(e, "sources.s3.after-processing").message()).contains("does not support object tags");
    }

    @Test
    void shouldRequireAStrongTokenFromTheEnvironmentWhenTheDashboardListensBeyondThisMachine() throws IOException {
        // given a dashboard on every address: first without a token, then with a short one
        ConfigException none = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> load("dashboard:\n  host: 0.0.0.0\n", "", Map.of()));
        ConfigException shortToken = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> load("dashboard:\n  host: 0.0.0.0\n  token: ${T}\n", "", Map.of("T", "abc")));

        // then
        assertThat(none.problems()).extracting(ConfigProblem::toString)
                .anyMatch(p -> p.contains("dashboard.token: is required when dashboard.host is '0.0.0.0'"));
        assertThat(shortToken.problems()).extracting(ConfigProblem::toString)
                .anyMatch(p -> p.contains("dashboard.token: must be at least 16 characters"));
        // and with a long one from the environment it loads, the token never printed
        LoadedConfig ok = load("dashboard:\n  host: 0.0.0.0\n  token: ${T}\n", "", Map.of("T", "0123456789abcdef0123"));
        assertThat(ok.etl().dashboard().token().reveal()).isEqualTo("0123456789abcdef0123");
        assertThat(ok.etl().dashboard().toString()).doesNotContain("0123456789abcdef0123");
    }
}
