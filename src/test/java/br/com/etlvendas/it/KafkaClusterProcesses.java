package br.com.etlvendas.it;

import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import br.com.etlvendas.embedded.FreePort;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real 3-node KRaft Kafka cluster on free loopback ports, each node ({@link ClusterBrokerMain}, broker and
 * controller) in a JVM of its own under {@code dir}, so that a test can kill one node as a crash would.
 */
public final class KafkaClusterProcesses implements AutoCloseable {

    private static final int NODES = 3;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final Path dir;
    private final List<Integer> clientPorts;
    private final List<Process> nodes = new ArrayList<>();

    private KafkaClusterProcesses(Path dir, List<Integer> clientPorts) {
        this.dir = dir;
        this.clientPorts = clientPorts;
    }

    /** Starts the three nodes together (none serves before a quorum of controllers has formed) and waits for all. */
    public static KafkaClusterProcesses start(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Integer> ports = IntStream.range(0, 2 * NODES).mapToObj(i -> FreePort.orPick(0)).distinct().toList();
        if (ports.size() < 2 * NODES) {
            return start(dir); // the system handed the same free port out twice: pick again
        }
        KafkaClusterProcesses cluster = new KafkaClusterProcesses(dir, ports.subList(0, NODES));
        var quorum = new EmbeddedKafkaBroker.Quorum(Uuid.randomUuid().toString(), ports.subList(NODES, 2 * NODES));
        String controllerPorts = quorum.controllerPorts().stream().map(String::valueOf).collect(Collectors.joining(","));
        try {
            for (int node = 1; node <= NODES; node++) {
                cluster.nodes.add(JavaProcess.of("512m", ClusterBrokerMain.class,
                        dir.resolve("node-" + node).toString(), Integer.toString(node), quorum.clusterId(),
                        Integer.toString(cluster.clientPorts.get(node - 1)), controllerPorts)
                        .redirectErrorStream(true).redirectOutput(cluster.output(node).toFile()).start());
            }
            for (int node = 1; node <= NODES; node++) {
                cluster.awaitReady(node);
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code host:port} of every node, as clients are given it. */
    public String bootstrapServers() {
        return clientPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The node id of the controller quorum's leader, the active controller, as the cluster reports it now. */
    public int activeController() throws ExecutionException, InterruptedException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            return admin.describeMetadataQuorum().quorumInfo().get().leaderId();
        }
    }

    /** Kills node {@code node} (from 1) with SIGKILL, as a crash of its machine would, and waits for it to be gone. */
    public void kill(int node) throws InterruptedException {
        Process process = nodes.get(node - 1);
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("cluster node " + node + " (pid " + process.pid() + ") survived SIGKILL");
        }
    }

    public int size() {
        return NODES;
    }

    /** Everything node {@code node} printed, for a failure's message. */
    public String printed(int node) throws IOException {
        return Files.readString(output(node));
    }

    private Path output(int node) {
        return dir.resolve("node-" + node + ".out");
    }

    private void awaitReady(int node) throws IOException, InterruptedException {
        Process process = nodes.get(node - 1);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String printed = Files.exists(output(node)) ? Files.readString(output(node)) : "";
            if (printed.contains(ClusterBrokerMain.READY)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("cluster node " + node + " ended with exit " + process.exitValue()
                        + " before serving: " + printed);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("cluster node " + node + " not serving after " + START_TIMEOUT + ": "
                + Files.readString(output(node)));
    }

    /**
     * Stops the nodes still running: SIGTERM to all (a node's controlled shutdown needs the others), then SIGKILL
     * to any not gone within a minute, since the last nodes of a cluster cannot always complete a clean shutdown.
     */
    @Override
    public void close() throws InterruptedException {
        nodes.forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        for (Process node : nodes) {
            long left = deadline - System.nanoTime();
            if (!node.waitFor(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                node.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
