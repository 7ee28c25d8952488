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

/**
 * The servers the pipeline runs on: the configured external Kafka, PostgreSQL and S3 endpoints, or, for
 * each one not configured, its embedded real server with data under the data directory (stopped by the
 * command's {@link Shutdown}).
 */
final class Infrastructure {

    static final String EMBEDDED_S3_ACCESS_KEY = "etl-vendas";
    static final String EMBEDDED_S3_SECRET_KEY = "etl-vendas-local-secret";
    /** Sub-directories of the data directory the embedded servers keep their data in. */
    static final String KAFKA_DIR = "kafka";
    static final String POSTGRES_DIR = "postgres";
    static final String S3_DIR = "s3";

    final String bootstrapServers;
    final String jdbcUrl;
    final String dbUser;
    final Secret dbPassword;
    final URI s3Endpoint;
    final String s3AccessKey;
    final Secret s3SecretKey;
    final String s3Region;
    final String bucket;

    private Infrastructure(String bootstrapServers, String jdbcUrl, String dbUser, Secret dbPassword, URI s3Endpoint,
                           String s3AccessKey, Secret s3SecretKey, String s3Region, String bucket) {
        this.bootstrapServers = bootstrapServers;
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbPassword = dbPassword;
        this.s3Endpoint = s3Endpoint;
        this.s3AccessKey = s3AccessKey;
        this.s3SecretKey = s3SecretKey;
        this.s3Region = s3Region;
        this.bucket = bucket;
    }

    /**
     * Connects to the configured endpoints and starts an embedded server for each one not configured, each
     * registered with {@code stop} as soon as it runs, so that a stop during start-up stops what has started.
     */
    static Infrastructure start(EtlConfig config, Shutdown stop) {
        String bootstrap = config.kafka().bootstrapServers().orElseGet(() -> stop.start(() ->
                new EmbeddedKafkaBroker(config.dataDir().resolve(KAFKA_DIR), config.kafka().embeddedPort(),
                        config.kafka().embeddedControllerPort()).start()).bootstrapServers());

        String jdbcUrl;
        String user;
        Secret password;
        if (config.warehouse().embedded()) {
            EmbeddedPostgresServer pg = stop.start(() -> new EmbeddedPostgresServer(config.dataDir().resolve(POSTGRES_DIR),
                    config.warehouse().embeddedPort(), config.warehouse().database()).start());
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
            String secretKey = secret.reveal();
            s3 = stop.start(() -> new EmbeddedS3Server(config.dataDir().resolve(S3_DIR), config.s3().embeddedPort(),
                    access, secretKey).start()).endpoint();
        } else {
            s3 = URI.create(config.s3().endpoint().orElseThrow());
            access = config.s3().accessKey().reveal();
            secret = config.s3().secretKey();
        }
        Infrastructure infra = new Infrastructure(bootstrap, jdbcUrl, user, password, s3, access, secret,
                config.s3().region(), config.s3().bucket());
        infra.ensureBucket();
        return infra;
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

}
