package br.com.etlvendas.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The S3 source: prefixes of the configured bucket watched for new or changed objects, each read with its
 * mapping file. What happens to an object once read is {@code after-processing}.
 */
public record S3SourceConfig(boolean enabled, Duration pollInterval, List<Watch> watches, AfterProcessing after,
                             String processedPrefix, int rowsPerTransaction) {

    public enum AfterProcessing { KEEP, TAG, MOVE }

    /** One watched prefix and the mapping its files are read with. */
    public record Watch(String prefix, Path mapping) {
    }

    static S3SourceConfig from(ConfigReader s) {
        boolean enabled = s.bool("enabled", false, "whether sales files dropped in S3 are read");
        Duration poll = s.duration("poll-interval", Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofHours(24),
                "how often the watched prefixes are listed for new or changed objects");
        List<Watch> watches = s.list("prefixes", "watched prefixes of the bucket, each with its mapping file").stream()
                .map(w -> new Watch(w.string("prefix", "", "key prefix to watch, e.g. incoming/superstore/"),
                        Path.of(w.requiredString("mapping", "mapping file the objects under this prefix are read with"))))
                .toList();
        if (enabled && watches.isEmpty()) {
            s.problem(s.pathOf("prefixes"), "the S3 source is enabled but watches no prefix");
        }
        AfterProcessing after = AfterProcessing.valueOf(s.oneOf("after-processing", "keep", List.of("keep", "tag", "move"),
                "what to do with an object once read: keep it, tag it (etl-vendas-status=processed), or move it").toUpperCase());
        String processed = s.string("processed-prefix", "processed/", "where objects are moved to with after-processing: move");
        int rows = s.integer("rows-per-transaction", 5000, 1, 1_000_000,
                "rows published per Kafka transaction; progress within a file is committed with them");
        return new S3SourceConfig(enabled, poll, watches, after, processed, rows);
    }
}
