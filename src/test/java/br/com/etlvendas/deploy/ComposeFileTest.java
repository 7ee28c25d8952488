package br.com.etlvendas.deploy;

import br.com.etlvendas.cli.EtlVendasCommand;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.config.TopicId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/compose.yml and the files it mounts, checked without a Docker engine (there is none on the development
 * machines). {@code docker-compose config} in CI checks the file against Compose's schema; this checks what a
 * schema cannot: that the Kafka nodes form one replicated cluster, that the ETL roles are all there and reach
 * servers defined in the file, and that the configuration they are given loads.
 */
class ComposeFileTest {

    private static final Set<String> ROLES = Set.of("extract", "transform", "load", "serve");
    private static final Path DEPLOY = Path.of("deploy");
    private static final ComposeFile COMPOSE = ComposeFile.load(DEPLOY.resolve("compose.yml"), DEPLOY.resolve(".env.example"));

    @Test
    void shouldRunThreeCombinedKafkaNodesOfOneClusterWithAThreeVoterQuorum() {
        List<String> nodes = kafkaNodes();
        assertThat(nodes).as("Kafka services").hasSize(3);

        Set<String> nodeIds = nodes.stream().map(n -> COMPOSE.environment(n).get("KAFKA_NODE_ID")).collect(Collectors.toSet());
        assertThat(nodeIds).as("distinct KAFKA_NODE_ID per node").hasSize(3).doesNotContainNull();
        Set<String> clusterIds = nodes.stream().map(n -> COMPOSE.environment(n).get("CLUSTER_ID")).collect(Collectors.toSet());
        assertThat(clusterIds).as("one CLUSTER_ID shared by every node").hasSize(1).doesNotContainNull();

        for (String node : nodes) {
            Map<String, String> env = COMPOSE.environment(node);
            assertThat(Set.of(env.get("KAFKA_PROCESS_ROLES").split(","))).as(node + " roles").isEqualTo(Set.of("broker", "controller"));
            // every voter is "id@service:controller-port" of a node of this file
            Map<String, String> voters = Arrays.stream(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(","))
                    .collect(Collectors.toMap(v -> v.substring(0, v.indexOf('@')), v -> v.substring(v.indexOf('@') + 1)));
            assertThat(voters.keySet()).as(node + " quorum voters' ids").isEqualTo(nodeIds);
            for (String n : nodes) {
                String id = COMPOSE.environment(n).get("KAFKA_NODE_ID");
                assertThat(voters.get(id)).as(node + "'s voter " + id).isEqualTo(n + ":" + listenerPort(n, "CONTROLLER"));
            }
            assertThat(env.get("KAFKA_ADVERTISED_LISTENERS")).as(node + " advertises itself by service name")
                    .contains("PLAINTEXT://" + node + ":" + listenerPort(node, "PLAINTEXT"));
        }
    }

    @Test
    void shouldKeepEveryTopicOnThreeBrokersAndEveryWriteOnTwo() {
        Map<String, String> expected = Map.of(
                "KAFKA_DEFAULT_REPLICATION_FACTOR", "3",
                "KAFKA_MIN_INSYNC_REPLICAS", "2",
                "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3",
                "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3",
                "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2",
                "KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        for (String node : kafkaNodes()) {
            assertThat(COMPOSE.environment(node)).as(node + " replication settings").containsAllEntriesOf(expected);
        }
    }

    @Test
    void shouldAskForReplicationThreeOnEveryTopic() {
        LoadedConfig config = loadedConfig(etlServices().get(0));
        for (TopicId id : TopicId.values()) {
            assertThat((int) config.topics().get(id).replicationFactor()).as(id + " replication factor in deploy/topics.yml")
                    .isEqualTo(3).isEqualTo(kafkaNodes().size());
        }
    }

    @Test
    void shouldRunEveryEtlServiceFromTheImageBuiltFromTheRepositoryDockerfile() throws IOException {
        Set<String> images = new HashSet<>();
        for (String service : etlServices()) {
            Map<String, Object> build = ComposeFile.map(COMPOSE.service(service).get("build"), service + ".build");
            Path context = COMPOSE.dir().resolve(String.valueOf(build.get("context"))).normalize();
            assertThat(context).as(service + " build context").isEqualTo(Path.of("").toAbsolutePath());
            assertThat(context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")))).as(service + " Dockerfile").isRegularFile();
            images.add(String.valueOf(COMPOSE.service(service).get("image")));
        }
        assertThat(images).as("one image tag for every role").hasSize(1).doesNotContain("null");
        assertThat(Files.readString(Path.of("Dockerfile"))).as("the image starts the command line")
                .containsPattern("ENTRYPOINT \\[.*\"" + Pattern.quote(EtlVendasCommand.class.getName()) + "\"]");
    }

    @Test
    void shouldGiveEachEtlServiceValidRolesAndCoverEveryRole() {
        Set<String> covered = new TreeSet<>();
        for (String service : etlServices()) {
            List<String> roles = roles(service);
            assertThat(roles).as(service + " roles").isNotEmpty().allMatch(ROLES::contains, "one of " + ROLES);
            assertThat(COMPOSE.command(service).get(0)).as(service + " command").isEqualTo("run");
            covered.addAll(roles);
        }
        assertThat(covered).as("roles run by some etl-* service").isEqualTo(new TreeSet<>(ROLES));
    }

    @Test
    void shouldPointTheRolesAtServersDefinedInThisFile() {
        for (String service : etlServices()) {
            Map<String, String> env = COMPOSE.environment(service);
            Set<String> brokers = new HashSet<>();
            for (String hostPort : env.get("KAFKA_BOOTSTRAP_SERVERS").split(",")) {
                String host = hostPort.substring(0, hostPort.indexOf(':'));
                assertThat(kafkaNodes()).as(service + " bootstrap server " + hostPort).contains(host);
                assertThat(hostPort).isEqualTo(host + ":" + listenerPort(host, "PLAINTEXT"));
                brokers.add(host);
            }
            assertThat(brokers).as(service + " lists every broker").containsExactlyInAnyOrderElementsOf(kafkaNodes());

            URI warehouse = URI.create(env.get("WAREHOUSE_JDBC_URL").substring("jdbc:".length()));
            Map<String, String> postgres = COMPOSE.environment(serviceWithImage(warehouse.getHost(), "postgres:"));
            assertThat(warehouse.getPath()).as(service + " warehouse database").isEqualTo("/" + postgres.get("POSTGRES_DB"));
            assertThat(env.get("WAREHOUSE_USER")).as(service + " warehouse user").isEqualTo(postgres.get("POSTGRES_USER"));
            assertThat(env.get("WAREHOUSE_PASSWORD")).as(service + " warehouse password").isEqualTo(postgres.get("POSTGRES_PASSWORD"));

            URI s3 = URI.create(env.get("S3_ENDPOINT"));
            serviceWithImage(s3.getHost(), "minio/minio:");
            assertThat(s3.getPort()).as(service + " S3 port (MinIO's API)").isEqualTo(9000);
        }
    }

    @Test
    void shouldStartServicesOnlyAfterTheServersTheyNeedAreHealthy() {
        for (String service : etlServices()) {
            Map<String, String> deps = COMPOSE.dependsOn(service);
            kafkaNodes().forEach(k -> assertThat(deps).as(service + " waits for " + k).containsEntry(k, "service_healthy"));
            assertThat(deps).as(service + " waits for the warehouse").containsEntry("postgres", "service_healthy");
            assertThat(deps).as(service + " waits for the bucket").containsEntry("minio-init", "service_completed_successfully");
        }
        for (String service : COMPOSE.services().keySet()) {
            COMPOSE.dependsOn(service).forEach((target, condition) -> {
                assertThat(COMPOSE.services()).as(service + " depends on").containsKey(target);
                if (condition.equals("service_healthy")) {
                    Object check = COMPOSE.service(target).get("healthcheck");
                    assertThat(check).as(service + " waits for " + target + " to be healthy: its healthcheck").isNotNull();
                    assertThat(ComposeFile.map(check, target).get("disable")).as(target + " healthcheck disabled").isNotEqualTo(true);
                }
            });
        }
    }

    @Test
    void shouldLoadTheMountedConfigurationWithEachRolesEnvironment() {
        for (String service : etlServices()) {
            Map<String, String> env = COMPOSE.environment(service);
            LoadedConfig config = loadedConfig(service);
            assertThat(config.etl().kafka().bootstrapServers()).as(service + " Kafka (not embedded)").contains(env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertThat(config.etl().warehouse().jdbcUrl()).as(service + " warehouse (not embedded)").contains(env.get("WAREHOUSE_JDBC_URL"));
            assertThat(config.etl().s3().endpoint()).as(service + " S3 (not embedded)").contains(env.get("S3_ENDPOINT"));
            assertThat(config.etl().dataDir()).as(service + " data directory").isEqualTo(Path.of(env.get("ETL_DATA_DIR")));
            assertThat(config.etl().dashboard().host()).as(service + " dashboard host inside a container").isEqualTo("0.0.0.0");
            config.etl().sources().s3().watches().forEach(w -> assertThat(w.mapping()).as("mapping file in the image").isRegularFile());
        }
    }

    @Test
    void shouldPublishTheServeRolesDashboardAndNoHostPortTwice() {
        String serve = etlServices().stream().filter(s -> roles(s).contains("serve")).findFirst().orElseThrow();
        int dashboardPort = loadedConfig(serve).etl().dashboard().port();
        assertThat(COMPOSE.ports(serve)).as(serve + " ports").contains("3000:" + dashboardPort);

        List<String> hostPorts = COMPOSE.services().keySet().stream()
                .flatMap(s -> COMPOSE.ports(s).stream().map(p -> p.substring(0, p.lastIndexOf(':')))).toList();
        assertThat(hostPorts).as("published host ports (Grafana must not take the dashboard's 3000)").doesNotHaveDuplicates();
    }

    @Test
    void shouldTakeEveryPasswordAndKeyFromTheEnvironmentFile() {
        Pattern required = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*(:\\?[^}]*)?}");
        for (String service : COMPOSE.services().keySet()) {
            COMPOSE.rawEnvironment(service).forEach((key, value) -> {
                if (key.matches(".*(PASSWORD|SECRET|ACCESS_KEY).*")) {
                    assertThat(value).as(service + " " + key + " written as a required ${VAR}").matches(required);
                }
            });
        }
    }

    @Test
    void shouldScrapeTheServeRoleFromPrometheus() {
        String serve = etlServices().stream().filter(s -> roles(s).contains("serve")).findFirst().orElseThrow();
        Path config = COMPOSE.bindMounts("prometheus").get("/etc/prometheus/prometheus.yml");
        assertThat(config).as("prometheus.yml mounted").isRegularFile();
        List<Object> jobs = list(ComposeFile.map(ComposeFile.yaml(config), "prometheus.yml").get("scrape_configs"));
        boolean scrapesServe = jobs.stream().map(j -> ComposeFile.map(j, "scrape config")).anyMatch(job ->
                "/metrics".equals(job.get("metrics_path")) && list(job.get("static_configs")).stream()
                        .flatMap(s -> ComposeFile.strings(ComposeFile.map(s, "static config").get("targets")).stream())
                        .anyMatch(t -> t.equals(serve + ":" + loadedConfig(serve).etl().dashboard().port())));
        assertThat(scrapesServe).as("a job scraping " + serve + "'s /metrics").isTrue();
    }

    @Test
    void shouldProvisionGrafanaDatasourcesThatParseAndReachServicesInThisFile() throws IOException {
        Path provisioning = COMPOSE.bindMounts("grafana").get("/etc/grafana/provisioning");
        assertThat(provisioning).as("Grafana provisioning mounted").isDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.list(provisioning.resolve("datasources"))) {
            files = s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).as("datasource files").isNotEmpty();
        Set<String> types = new HashSet<>();
        for (Path file : files) {
            Map<String, Object> doc = ComposeFile.map(ComposeFile.yaml(file), file.toString());
            assertThat(doc.get("apiVersion")).as(file + " apiVersion").isEqualTo(1);
            for (Object d : list(doc.get("datasources"))) {
                Map<String, Object> ds = ComposeFile.map(d, file + " datasource");
                types.add(String.valueOf(ds.get("type")));
                String url = String.valueOf(ds.get("url"));
                String host = URI.create(url.contains("://") ? url : "tcp://" + url).getHost();
                assertThat(COMPOSE.services()).as(ds.get("name") + " url " + url).containsKey(host);
            }
            // Grafana expands $VAR from its own environment, which Compose fills from the env file
            Matcher vars = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)").matcher(Files.readString(file));
            while (vars.find()) {
                assertThat(COMPOSE.environment("grafana")).as("variable used in " + file).containsKey(vars.group(1));
            }
        }
        assertThat(types).as("datasource types").contains("prometheus", "grafana-postgresql-datasource");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private static List<String> kafkaNodes() {
        return COMPOSE.services().keySet().stream()
                .filter(s -> String.valueOf(COMPOSE.service(s).get("image")).startsWith("apache/kafka:")).sorted().toList();
    }

    private static List<String> etlServices() {
        List<String> services = COMPOSE.services().keySet().stream().filter(s -> s.startsWith("etl-")).sorted().toList();
        assertThat(services).as("etl-* services").isNotEmpty();
        return services;
    }

    /** The port of a named listener in a node's KAFKA_LISTENERS ({@code NAME://host:port}). */
    private static int listenerPort(String node, String listener) {
        return Arrays.stream(COMPOSE.environment(node).get("KAFKA_LISTENERS").split(","))
                .filter(l -> l.startsWith(listener + "://")).map(l -> Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(node + " has no " + listener + " listener"));
    }

    private static String serviceWithImage(String name, String imagePrefix) {
        assertThat(COMPOSE.services()).as("service " + name).containsKey(name);
        assertThat(String.valueOf(COMPOSE.service(name).get("image"))).as(name + " image").startsWith(imagePrefix);
        return name;
    }

    /** The roles after {@code --roles} (or in {@code --roles=...}) of a service's command. */
    private static List<String> roles(String service) {
        List<String> command = COMPOSE.command(service);
        for (int i = 0; i < command.size(); i++) {
            String arg = command.get(i);
            Optional<String> value = arg.equals("--roles") && i + 1 < command.size() ? Optional.of(command.get(i + 1))
                    : arg.startsWith("--roles=") ? Optional.of(arg.substring("--roles=".length())) : Optional.empty();
            if (value.isPresent()) {
                return Arrays.stream(value.get().split(",")).map(String::strip).toList();
            }
        }
        return List.of();
    }

    /** The value of an option in a service's command. */
    private static String option(String service, String name) {
        List<String> command = COMPOSE.command(service);
        int i = command.indexOf(name);
        assertThat(i).as(service + " command names " + name).isNotNegative().isLessThan(command.size() - 1);
        return command.get(i + 1);
    }

    /** The files given with --config and --topics, found through the service's mounts, loaded with its environment. */
    private static LoadedConfig loadedConfig(String service) {
        Map<String, Path> mounts = COMPOSE.bindMounts(service);
        Path etl = mounts.get(option(service, "--config"));
        Path topics = mounts.get(option(service, "--topics"));
        assertThat(etl).as(service + " --config mounted from the deploy folder").isNotNull().isRegularFile();
        assertThat(topics).as(service + " --topics mounted from the deploy folder").isNotNull().isRegularFile();
        return new ConfigLoader(COMPOSE.environment(service)).load(etl, topics);
    }

    private static List<Object> list(Object node) {
        assertThat(node).as("a list").isInstanceOf(List.class);
        return List.copyOf((List<?>) node);
    }
}
