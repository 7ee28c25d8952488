package br.com.etlvendas.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The webhook: {@code POST /ingest/sales} on the dashboard's HTTP server takes one sale or a batch, in the
 * pipeline's own JSON shape or, with a mapping, in the sender's.
 */
public record WebhookConfig(boolean enabled, int maxBodyBytes, int maxBatch, Optional<Path> mapping) {

    static WebhookConfig from(ConfigReader w) {
        boolean enabled = w.bool("enabled", true, "whether POST /ingest/sales accepts sales");
        int maxBody = w.integer("max-body-bytes", 1_048_576, 1024, 100 * 1_048_576, "largest request body accepted (413 beyond)");
        int maxBatch = w.integer("max-batch", 1000, 1, 100_000, "most sales in one request");
        Optional<Path> mapping = w.optionalString("mapping", "mapping file for senders whose JSON differs from ours").map(Path::of);
        return new WebhookConfig(enabled, maxBody, maxBatch, mapping);
    }
}
