package br.com.etlvendas.it;

import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import br.com.etlvendas.embedded.EmbeddedPostgresServer;
import br.com.etlvendas.embedded.EmbeddedS3Server;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The one fixture every integration test shares: a real Kafka broker, PostgreSQL and S3-compatible server,
 * started once per test JVM on free ports and stopped when the JVM's tests are done. Each test gets its
 * own topic names, Streams application id and loader group through {@link #configFor}, so tests never see
 * each other's records.
 */
public final class EmbeddedStack implements BeforeAllCallback {

    public static final String S3_ACCESS_KEY = "it-access";
    public static final String S3_SECRET_KEY = "it-secret-key";

    private static Servers servers;

    @Override
    public void beforeAll(ExtensionContext context) {
        servers();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent("etl-vendas-embedded-stack", k -> (AutoCloseable) EmbeddedStack::stop, AutoCloseable.class);
    }

    public static synchronized Servers servers() {
        if (servers == null) {
            Path base = Path.of("target", "it-data", UUID.randomUUID().toString().substring(0, 8)).toAbsolutePath();
            EmbeddedKafkaBroker kafka = new EmbeddedKafkaBroker(base.resolve("kafka"), 0, 0).start();
            EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(base.resolve("postgres"), 0, "etl_vendas_it").start();
            EmbeddedS3Server s3 = new EmbeddedS3Server(base.resolve("s3"), 0, S3_ACCESS_KEY, S3_SECRET_KEY).start();
            servers = new Servers(base, kafka, postgres, s3);
        }
        return servers;
    }

    private static synchronized void stop() {
        if (servers != null) {
            servers.s3().close();
            servers.postgres().close();
            servers.kafka().close();
            servers = null;
        }
    }

    /**
     * A configuration pointing at the shared servers, with topic names, application id and loader group
     * prefixed by {@code name}, the dashboard on a free port, and the given extra YAML for
     * {@code sources.generator} (may be empty).
     */
    public static LoadedConfig configFor(String name, String generatorYaml) {
        return configFor(name, generatorYaml, "");
    }

    /**
     * As {@link #configFor(String, String)}, with more YAML under {@code sources:} (e.g. an {@code s3:} or
     * {@code directories:} section, indented by two spaces).
     */
    public static LoadedConfig configFor(String name, String generatorYaml, String moreSourcesYaml) {
        Servers s = servers();
        String database = createDatabase(s, "it_" + name.toLowerCase().replaceAll("[^a-z0-9]", "_"));
        try {
            Path dir = Files.createDirectories(s.baseDir().resolve("config-" + name));
            Path etl = dir.resolve("etl-config.yml");
            Files.writeString(etl, String.join("\n",
                    "data-dir: " + dir.resolve("data"),
                    "kafka:",
                    "  bootstrap-servers: " + s.kafka().bootstrapServers(),
                    "warehouse:",
                    "  jdbc-url: " + s.postgres().jdbcUrl().replaceAll("/[^/]+$", "/" + database),
                    "  user: " + s.postgres().user(),
                    "  loader:",
                    "    consumer-group: " + name + "-loader",
                    "s3:",
                    "  endpoint: " + s.s3().endpoint(),
                    "  bucket: " + name.toLowerCase().replaceAll("[^a-z0-9-]", "-"),
                    "  access-key: ${IT_S3_ACCESS_KEY}",
                    "  secret-key: ${IT_S3_SECRET_KEY}",
                    "sources:",
                    "  generator:",
                    generatorYaml.isBlank() ? "    enabled: true" : generatorYaml.stripTrailing(),
                    moreSourcesYaml.stripTrailing(),
                    "pipeline:",
                    "  application-id: " + name,
                    "  commit-interval: 100ms",
                    "  kpi-emit-interval: 200ms",
                    "dashboard:",
                    "  host: 127.0.0.1",
                    "  port: 0",
                    ""));
            Path topics = dir.resolve("topics.yml");
            Files.writeString(topics, String.join("\n",
                    "topics:",
                    "  raw: {name: " + name + ".sales.raw}",
                    "  clean: {name: " + name + ".sales.clean}",
                    "  dlq: {name: " + name + ".sales.dlq}",
                    "  files: {name: " + name + ".etl.files, cleanup-policy: compact, retention: forever}",
                    "  kpi-totals: {name: " + name + ".sales.kpi.totals, partitions: 1, cleanup-policy: compact, retention: forever}",
                    "  source-state: {name: " + name + ".etl.source.state, partitions: 1, cleanup-policy: compact, retention: forever}",
                    "  catalog-products: {name: " + name + ".catalog.products, partitions: 1, cleanup-policy: compact, retention: forever}",
                    "  catalog-stores: {name: " + name + ".catalog.stores, partitions: 1, cleanup-policy: compact, retention: forever}",
                    "  kpi-windows: {name: " + name + ".sales.kpi.windows, partitions: 1, cleanup-policy: compact, retention: forever}",
                    "  kpi-window-products: {name: " + name + ".sales.kpi.window-products, partitions: 1, cleanup-policy: compact, retention: forever}",
                    "  kpi-late-events: {name: " + name + ".sales.kpi.late-events, partitions: 1, cleanup-policy: compact, retention: forever}",
                    ""));
            return new ConfigLoader(Map.of("IT_S3_ACCESS_KEY", S3_ACCESS_KEY, "IT_S3_SECRET_KEY", S3_SECRET_KEY))
                    .load(etl, topics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each test's own warehouse database on the shared server, so no test sees another's rows. */
    private static String createDatabase(Servers s, String database) {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(s.postgres().jdbcUrl(), s.postgres().user(), "");
             java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
            if (!rs.next()) {
                st.execute("CREATE DATABASE " + database);
            }
            return database;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create test database " + database, e);
        }
    }

    /** Paths of the configuration files written by {@link #configFor}, for tests that run the CLI. */
    public static Path configDir(String name) {
        return servers().baseDir().resolve("config-" + name);
    }

    public record Servers(Path baseDir, EmbeddedKafkaBroker kafka, EmbeddedPostgresServer postgres, EmbeddedS3Server s3) {
    }
}
