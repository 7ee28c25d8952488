package br.com.etlvendas.cli;

import br.com.etlvendas.config.EtlConfig;
import br.com.etlvendas.config.Secret;
import br.com.etlvendas.embedded.EmbeddedKafkaBroker;
import br.com.etlvendas.embedded.EmbeddedPostgresServer;
import br.com.etlvendas.embedded.EmbeddedS3Server;
import br.com.etlvendas.extract.s3.S3Clients;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers the pipeline runs on: the configured external Kafka, PostgreSQL and S3 endpoints, or, for
 * each one not configured, its embedded real server with data under the data directory.
 */
final class Infrastructure implements AutoCloseable {

    static final String EMBEDDED_S3_ACCESS_KEY = "etl-vendas";
    static final String EMBEDDED_S3_SECRET_KEY = "etl-vendas-local-secret";

    final String bootstrapServers;
    final String jdbcUrl;
    final String dbUser;
    final Secret dbPassword;
    final URI s3Endpoint;
    final String s3AccessKey;
    final Secret s3SecretKey;
    final String s3Region;
    final String bucket;
    private final List<AutoCloseable> started;

    private Infrastructure(String bootstrapServers, String jdbcUrl, String dbUser, Secret dbPassword, URI s3Endpoint,
                           String s3AccessKey, Secret s3SecretKey, String s3Region, String bucket, List<AutoCloseable> started) {
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.s3Endpoint = s3Endpoint;
        this.s3AccessKey = s3AccessKey;
        this.s3SecretKey = s3SecretKey;
        this.s3Region = s3Region;
        this.bucket = bucket;
        this.started = started;
    }

    static Infrastructure start(EtlConfig config) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            String bootstrap = config.kafka().bootstrapServers().orElseGet(() -> {
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config.dataDir().resolve("kafka"),
                        config.kafka().embeddedPort(), config.kafka().embeddedControllerPort()).start();
                started.add(broker);
                return broker.bootstrapServers();
            });

            String jdbcUrl;
            String user;
            Secret password;
            if (config.warehouse().embedded()) {
                EmbeddedPostgresServer pg = new EmbeddedPostgresServer(config.dataDir().resolve("postgres"),
                        config.warehouse().embeddedPort(), config.warehouse().database()).start();
                started.add(pg);
                jdbcUrl = pg.jdbcUrl();
                user = pg.user();
                password = Secret.empty();
            } else {
                jdbcUrl = config.warehouse().jdbcUrl().orElseThrow();
                user = config.warehouse().user();
                password = config.warehouse().password();
            }

            URI s3;
            String access;
            Secret secret;
            if (config.s3().embedded()) {
                access = config.s3().accessKey().isEmpty() ? EMBEDDED_S3_ACCESS_KEY : config.s3().accessKey().reveal();
                secret = config.s3().secretKey().isEmpty() ? Secret.of(EMBEDDED_S3_SECRET_KEY) : config.s3().secretKey();
                EmbeddedS3Server server = new EmbeddedS3Server(config.dataDir().resolve("s3"), config.s3().embeddedPort(),
                        access, secret.reveal()).start();
                started.add(server);
                s3 = server.endpoint();
            } else {
                s3 = URI.create(config.s3().endpoint().orElseThrow());
                access = config.s3().accessKey().reveal();
                secret = config.s3().secretKey();
            }
            Infrastructure infra = new Infrastructure(bootstrap, jdbcUrl, user, password, s3, access, secret,
                    config.s3().region(), config.s3().bucket(), started);
            infra.ensureBucket();
            return infra;
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** An S3 client for this endpoint, with the settings S3-compatible servers need. */
    S3Client s3Client() {
        return S3Clients.create(s3Endpoint, s3Region, s3AccessKey, s3SecretKey.reveal());
    }

    private void ensureBucket() {
        try (S3Client s3 = s3Client()) {
            try {
                s3.headBucket(b -> b.bucket(bucket));
            } catch (NoSuchBucketException e) {
                try {
                    s3.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException ignored) {
                    // created concurrently: fine
                }
            }
        }
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(Infrastructure.class).warn("Could not stop {}", resources.get(i), e);
            }
        }
        resources.clear();
    }
}
