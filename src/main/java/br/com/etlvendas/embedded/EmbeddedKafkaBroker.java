package br.com.etlvendas.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real Kafka broker in KRaft mode (broker and controller in one), run in this JVM from the Apache Kafka jars:
 * on its own a single-node cluster, or one node of a multi-node cluster ({@link #clusterNode}) with a static
 * controller quorum, each topic's partitions replicated to every node and writes needing two in-sync replicas.
 * Its log directory is formatted once and reused, so topics and offsets survive a restart.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String METRICS_REGISTRY = "org.apache.kafka.server.metrics.KafkaYammerMetrics";

    /**
     * The nodes of a multi-node cluster, all brokers and controllers: node {@code i} (from 1) has its controller
     * listener on {@code controllerPorts.get(i - 1)}; every node is formatted with the same cluster id.
     */
    public record Quorum(String clusterId, List<Integer> controllerPorts) {
        public Quorum {
            controllerPorts = List.copyOf(controllerPorts);
            if (controllerPorts.size() < 3) {
                throw new IllegalArgumentException("a cluster needs at least 3 nodes to keep 2 in-sync replicas "
                        + "with one node down, not " + controllerPorts.size());
            }
        }

        /** {@code controller.quorum.voters}: {@code 1@127.0.0.1:p1,2@127.0.0.1:p2,…}. */
        String voters() {
            return IntStream.range(0, controllerPorts.size())
                    .mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
                    .collect(Collectors.joining(","));
        }
    }

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final int nodeId;
    private final Optional<Quorum> quorum;
    private KafkaRaftServer server;

    /** A single-node cluster: replication 1, a controller quorum of this node alone. */
    public EmbeddedKafkaBroker(Path logDir, int port, int controllerPort) {
        this(logDir, FreePort.orPick(port), FreePort.orPick(controllerPort), 1, Optional.empty());
    }

    private EmbeddedKafkaBroker(Path logDir, int port, int controllerPort, int nodeId, Optional<Quorum> quorum) {
        this.logDir = logDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.nodeId = nodeId;
        this.quorum = quorum;
    }

    /**
     * Node {@code nodeId} (from 1) of the multi-node cluster {@code quorum}, serving clients on {@code port}:
     * internal topics and new topics replicated to 3 nodes, {@code min.insync.replicas} 2.
     */
    public static EmbeddedKafkaBroker clusterNode(Path logDir, int port, int nodeId, Quorum quorum) {
        if (nodeId < 1 || nodeId > quorum.controllerPorts().size()) {
            throw new IllegalArgumentException("node id " + nodeId + " is not one of the quorum's 1.."
                    + quorum.controllerPorts().size());
        }
        return new EmbeddedKafkaBroker(logDir, port, quorum.controllerPorts().get(nodeId - 1), nodeId, Optional.of(quorum));
    }

    /**
     * Initialises, ahead of the start, the broker's metrics registry, whose class registers a JVM shutdown hook
     * when first loaded: loaded while the JVM is already stopping (Ctrl-C during start-up), that fails the
     * broker's start in a way the broker treats as fatal. Call it before anything can be stopping.
     */
    public static void prepare() {
        try {
            Class.forName(METRICS_REGISTRY, true, EmbeddedKafkaBroker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the Kafka broker jars are incomplete: no " + METRICS_REGISTRY, e);
        }
    }

    public EmbeddedKafkaBroker start() {
        try {
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format();
            }
            Files.createDirectories(logDir);
            Properties props = properties(logDir);
            Path propsFile = logDir.resolveSibling(logDir.getFileName() + ".properties");
            try (Writer w = Files.newBufferedWriter(propsFile)) {
                props.store(w, "embedded Kafka broker of ETL Vendas");
            }
            server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
            server.startup();
            log.info("Embedded Kafka broker listening on {} (log dir {})", bootstrapServers(), logDir);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded Kafka log directory " + logDir, e);
        }
    }

    private Properties properties(Path logDirs) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", Integer.toString(nodeId));
        p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        if (quorum.isPresent()) {
            p.setProperty("controller.quorum.voters", quorum.get().voters());
            p.setProperty("default.replication.factor", "3");
            p.setProperty("min.insync.replicas", "2");
        } else {
            p.setProperty("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        }
        p.setProperty("log.dirs", logDirs.toString());
        p.setProperty("num.partitions", "3");
        String replication = quorum.isPresent() ? "3" : "1";
        String minIsr = quorum.isPresent() ? "2" : "1";
        p.setProperty("offsets.topic.replication.factor", replication);
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", replication);
        p.setProperty("transaction.state.log.min.isr", minIsr);
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", replication);
        p.setProperty("share.coordinator.state.topic.min.isr", minIsr);
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        return p;
    }

    /**
     * Formats a new log directory in a staging directory beside it and moves it into place only once whole, so
     * that a process killed while formatting never leaves a half-formatted directory behind: a single node as a
     * standalone controller quorum under a new cluster id; a cluster node under the quorum's id, its voters fixed
     * by {@code controller.quorum.voters} (a static quorum takes neither {@code --standalone} nor
     * {@code --initial-controllers}).
     */
    private void format() throws IOException {
        Path staging = logDir.resolveSibling(logDir.getFileName() + ".formatting");
        Directories.deleteTree(staging);
        Directories.deleteTree(logDir); // no meta.properties: never formatted, or formatting was cut short; nothing to keep
        Files.createDirectories(staging);
        Path propsFile = staging.resolveSibling(staging.getFileName() + ".properties");
        try (Writer w = Files.newBufferedWriter(propsFile)) {
            properties(staging).store(w, "formatting the embedded Kafka broker of ETL Vendas");
        }
        String clusterId = quorum.map(Quorum::clusterId).orElseGet(() -> Uuid.randomUuid().toString());
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", propsFile.toString()));
        if (quorum.isEmpty()) {
            args.add("--standalone");
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            kafka.tools.StorageTool$.MODULE$.execute(args.toArray(String[]::new), out);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the embedded Kafka log directory " + logDir + ": "
                    + buffer.toString(StandardCharsets.UTF_8), e);
        }
        Files.deleteIfExists(propsFile);
        Files.move(staging, logDir, StandardCopyOption.ATOMIC_MOVE);
        log.info("Formatted embedded Kafka log directory {} (cluster id {})", logDir, clusterId);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            log.info("Embedded Kafka broker stopped");
        }
    }
}
