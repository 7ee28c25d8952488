package br.com.etlvendas.cli;

import br.com.etlvendas.config.EtlConfig;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the servers a process uses are, as the user is told: the start-up banner's lines and the environment
 * other processes export to use the same servers. A secret is shown only when it is the embedded S3 server's
 * built-in one (documented, local, not a secret of the user's); one the user gave is never printed.
 */
record Endpoints(String bootstrapServers, boolean kafkaEmbedded, String jdbcUrl, String dbUser, boolean dbPasswordSet,
                 boolean warehouseEmbedded, URI s3Endpoint, String bucket, String s3AccessKey,
                 Optional<String> builtInS3Secret, boolean s3Embedded, Path dataDir) {

    static Endpoints of(EtlConfig etl, Infrastructure infra) {
        String secret = infra.s3SecretKey.reveal();
        return new Endpoints(infra.bootstrapServers, etl.kafka().embedded(), infra.jdbcUrl, infra.dbUser,
                !infra.dbPassword.isEmpty(), etl.warehouse().embedded(), infra.s3Endpoint, infra.bucket, infra.s3AccessKey,
                secret.equals(Infrastructure.EMBEDDED_S3_SECRET_KEY) ? Optional.of(secret) : Optional.empty(),
                etl.s3().embedded(), etl.dataDir().toAbsolutePath().normalize());
    }

    /** The Kafka, warehouse, S3 and data directory lines of a banner. */
    void printWhere(PrintWriter out) {
        out.printf("  Kafka            %s%s%n", bootstrapServers, kafkaEmbedded ? " (embedded)" : "");
        out.printf("  Warehouse        %s  user %s%s%n", jdbcUrl, dbUser, warehouseEmbedded ? " (embedded, no password)" : "");
        out.printf("  S3               %s  bucket %s  access key %s%s%n", s3Endpoint, bucket, s3AccessKey,
                s3Embedded ? " (embedded)" : "");
        out.printf("  Data directory   %s%n", dataDir);
    }

    /** {@code NAME=value} lines to export in another shell; a secret the user gave is named, not printed. */
    List<String> environment() {
        List<String> lines = new ArrayList<>();
        lines.add("KAFKA_BOOTSTRAP_SERVERS=" + bootstrapServers);
        lines.add("WAREHOUSE_JDBC_URL=" + jdbcUrl);
        lines.add("WAREHOUSE_USER=" + dbUser);
        if (dbPasswordSet) {
            lines.add("# and WAREHOUSE_PASSWORD, as given to this process (not printed)");
        }
        lines.add("S3_ENDPOINT=" + s3Endpoint);
        lines.add("S3_ACCESS_KEY=" + s3AccessKey);
        lines.add(builtInS3Secret.map(s -> "S3_SECRET_KEY=" + s)
                .orElse("# and S3_SECRET_KEY, as given to this process (not printed)"));
        return lines;
    }
}
