package br.com.etlvendas.it;

import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import br.com.etlvendas.log.LogFile;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * One node of a multi-node KRaft cluster in a JVM of its own, for tests that kill a broker with {@code kill -9}:
 * {@code <log-dir> <node-id> <cluster-id> <client-port> <controller-port,controller-port,…>}. Prints
 * {@link #READY} and the node's bootstrap address once it serves; stops on SIGTERM, dies on SIGKILL.
 */
public final class ClusterBrokerMain {

    /** What the node prints, followed by its {@code host:port}, once it serves clients. */
    public static final String READY = "cluster node ready on ";

    private ClusterBrokerMain() {
    }

    public static void main(String[] args) {
        if (args.length != 5) {
            System.err.println("usage: ClusterBrokerMain <log-dir> <node-id> <cluster-id> <client-port> "
                    + "<controller-port,controller-port,...>");
            System.exit(2);
        }
        Path logDir = Path.of(args[0]).toAbsolutePath();
        List<Integer> controllerPorts = Arrays.stream(args[4].split(",")).map(Integer::valueOf).toList();
        LogFile.writeTo(logDir.resolveSibling(logDir.getFileName() + "-logs"));
        EmbeddedKafkaBroker.prepare();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.clusterNode(logDir, Integer.parseInt(args[3]),
                Integer.parseInt(args[1]), new EmbeddedKafkaBroker.Quorum(args[2], controllerPorts));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "cluster-node-stop"));
        broker.start();
        System.out.println(READY + broker.bootstrapServers());
        // the broker's own (non-daemon) threads keep the JVM alive until it is signalled
    }
}
