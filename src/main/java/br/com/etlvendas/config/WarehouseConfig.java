package br.com.etlvendas.config;

import java.time.Duration;
import java.util.Optional;

/**
 * The PostgreSQL warehouse and its loader. With no JDBC URL configured, ETL Vendas runs an embedded
 * PostgreSQL whose data lives under the data directory.
 */
public record WarehouseConfig(Optional<String> jdbcUrl, String user, Secret password, int embeddedPort,
                              String database, String consumerGroup, int maxBatchRows, int writers, Duration retryBackoffMax,
                              Duration sessionTimeout) {

    public static final String JDBC_URL_KEY = "warehouse.jdbc-url";
    public static final String EMBEDDED_PORT_KEY = "warehouse.embedded.port";

    public boolean embedded() {
        return jdbcUrl.isEmpty();
    }

    static WarehouseConfig from(ConfigReader w) {
        Optional<String> url = w.optionalString("jdbc-url",
                "JDBC URL of an external PostgreSQL warehouse; empty starts the embedded PostgreSQL");
        String user = w.string("user", "postgres", "database user of the warehouse");
        Secret password = w.secret("password", "database password of the warehouse");
        String database = w.string("database", "etl_vendas", "database name used on the embedded PostgreSQL");
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            w.problem(w.pathOf("database"), "must be a lower-case SQL identifier, got '" + database + "'");
        }
        ConfigReader embedded = w.section("embedded", "the embedded PostgreSQL used when no JDBC URL is set");
        int port = embedded.integer("port", 5433, 0, 65535, "port of the embedded PostgreSQL (0 picks a free port)");
        ConfigReader loader = w.section("loader", "the consumer that loads sales.clean into the warehouse");
        String group = loader.string("consumer-group", "etl-vendas-warehouse-loader",
                "name under which the loader's offsets are kept, in the warehouse itself");
        int batch = loader.integer("max-batch-rows", 5000, 1, 1_000_000, "most lines written in one database transaction");
        int writers = loader.integer("writers", 2, 1, 64, "partitions of sales.clean written at once, each by a "
                + "thread on a connection of its own (more than the topic's partitions are never busy; more than the "
                + "database's cores contend)");
        Duration backoff = loader.duration("retry-backoff-max", Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofHours(1), "longest wait between retries while the database is unreachable");
        Duration session = loader.duration("session-timeout", PipelineConfig.DEFAULT_SESSION_TIMEOUT,
                PipelineConfig.MIN_SESSION_TIMEOUT, PipelineConfig.MAX_SESSION_TIMEOUT,
                "how long the other loaders of the consumer group wait for one that stopped answering (a crash, "
                        + "kill -9) before taking over its partitions");
        return new WarehouseConfig(url, user, password, port, database, group, batch, writers, backoff, session);
    }
}
