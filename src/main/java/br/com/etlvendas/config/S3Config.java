package br.com.etlvendas.config;

import java.util.Optional;

/**
 * The S3-compatible object store where sales files land. With no endpoint configured, ETL Vendas runs an
 * embedded S3-compatible server (S3Proxy) whose objects live under the data directory.
 */
public record S3Config(Optional<String> endpoint, String region, String bucket, Secret accessKey,
                       Secret secretKey, int embeddedPort) {

    public static final String ENDPOINT_KEY = "s3.endpoint";
    public static final String EMBEDDED_PORT_KEY = "s3.embedded.port";

    public boolean embedded() {
        return endpoint.isEmpty();
    }

    static S3Config from(ConfigReader s3) {
        Optional<String> endpoint = s3.optionalString("endpoint",
                "URL of an external S3-compatible endpoint; empty starts the embedded S3 server");
        String region = s3.string("region", "us-east-1", "S3 region name sent with requests");
        String bucket = s3.string("bucket", "vendas", "bucket where sales files are dropped");
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            s3.problem(s3.pathOf("bucket"), "must be a valid S3 bucket name (3-63 lower-case letters, digits, dots, dashes), got '" + bucket + "'");
        }
        Secret access = s3.secret("access-key", "S3 access key id");
        Secret secret = s3.secret("secret-key", "S3 secret access key");
        if (endpoint.isPresent() && (access.isEmpty() || secret.isEmpty())) {
            s3.problem(s3.pathOf("access-key"), "an external S3 endpoint needs access-key and secret-key, "
                    + "written as ${S3_ACCESS_KEY} and ${S3_SECRET_KEY}");
        }
        ConfigReader embedded = s3.section("embedded", "the embedded S3-compatible server used when no endpoint is set");
        int port = embedded.integer("port", 9000, 0, 65535, "port of the embedded S3 server (0 picks a free port)");
        return new S3Config(endpoint, region, bucket, access, secret, port);
    }
}
