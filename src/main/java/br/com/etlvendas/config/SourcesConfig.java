package br.com.etlvendas.config;

import java.util.List;

/** Every source of raw sales. */
public record SourcesConfig(GeneratorConfig generator, S3SourceConfig s3, DirectorySourceConfig directories,
                            List<JdbcSourceConfig> jdbc, List<HttpSourceConfig> http, WebhookConfig webhook) {

    static SourcesConfig from(ConfigReader s) {
        GeneratorConfig generator = GeneratorConfig.from(s.section("generator", "the demo sales generator"));
        S3SourceConfig s3 = S3SourceConfig.from(s.section("s3", "sales files dropped in the S3 bucket"));
        DirectorySourceConfig dirs = DirectorySourceConfig.from(s.section("directories", "sales files dropped in local directories"));
        List<JdbcSourceConfig> jdbc = s.list("jdbc", "databases read incrementally").stream().map(JdbcSourceConfig::from).toList();
        List<HttpSourceConfig> http = s.list("http", "JSON APIs polled page by page").stream().map(HttpSourceConfig::from).toList();
        WebhookConfig webhook = WebhookConfig.from(s.section("webhook", "POST /ingest/sales"));
        return new SourcesConfig(generator, s3, dirs, jdbc, http, webhook);
    }
}
