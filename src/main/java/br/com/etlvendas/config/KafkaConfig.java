package br.com.etlvendas.config;

import java.util.Optional;

/**
 * Where Kafka is. With no bootstrap servers configured, ETL Vendas starts its own broker (KRaft,
 * in-process) on the embedded ports.
 */
public record KafkaConfig(Optional<String> bootstrapServers, int embeddedPort, int embeddedControllerPort) {

    public static final String BOOTSTRAP_KEY = "kafka.bootstrap-servers";
    public static final String EMBEDDED_PORT_KEY = "kafka.embedded.port";
    public static final String EMBEDDED_CONTROLLER_PORT_KEY = "kafka.embedded.controller-port";

    public boolean embedded() {
        return bootstrapServers.isEmpty();
    }

    static KafkaConfig from(ConfigReader kafka) {
        Optional<String> bootstrap = kafka.optionalString("bootstrap-servers",
                "host:port list of an external Kafka cluster; empty starts the embedded broker");
        ConfigReader embedded = kafka.section("embedded", "the in-process broker used when no bootstrap servers are set");
        int port = embedded.integer("port", 9092, 0, 65535, "client port of the embedded broker (0 picks a free port)");
        int controller = embedded.integer("controller-port", 9093, 0, 65535,
                "KRaft controller port of the embedded broker (0 picks a free port)");
        if (port != 0 && port == controller) {
            embedded.problem(embedded.pathOf("controller-port"), "must differ from kafka.embedded.port (" + port + ")");
        }
        return new KafkaConfig(bootstrap, port, controller);
    }
}
