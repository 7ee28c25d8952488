package br.com.etlvendas.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The Parquet data lake: whether the load role writes it, where (a prefix of {@code s3.bucket} or a local
 * directory), and when a partition's batch becomes a file (so many lines, or so long after its first line).
 * Off unless configured, so a configuration without a {@code lake:} section costs nothing.
 */
public record LakeConfig(boolean enabled, Target target, String prefix, Path localPath, int rollLines,
                         Duration rollInterval, String consumerGroup, int memoryLimitMb) {

    /** Where the lake's files go. */
    public enum Target { S3, LOCAL }

    static LakeConfig from(ConfigReader l, Path dataDir) {
        boolean enabled = l.bool("enabled", false,
                "write every clean sale line to Parquet files partitioned by sale date (load role)");
        String target = l.oneOf("target", "s3", List.of("s3", "local"),
                "where the lake lives: s3 (under prefix in s3.bucket, the embedded S3 server by default) or local (path)");
        String prefix = l.string("prefix", "lake/", "key prefix of the lake in s3.bucket (target s3), e.g. lake/");
        if (!prefix.isEmpty() && (prefix.startsWith("/") || !prefix.endsWith("/") || prefix.contains("//"))) {
            l.problem(l.pathOf("prefix"), "must be empty or a key prefix ending with '/' and not starting with '/', "
                    + "such as lake/, got '" + prefix + "'");
        }
        Path path = l.optionalString("path", "directory of the lake (target local); default <data-dir>/lake")
                .map(Path::of).orElse(dataDir.resolve("lake"));
        int rollLines = l.integer("roll-lines", 200_000, 1, 10_000_000,
                "most lines in one batch of a Kafka partition before it is written as Parquet files");
        Duration rollInterval = l.duration("roll-interval", Duration.ofSeconds(60), Duration.ofMillis(100),
                Duration.ofHours(24), "longest time a batch stays open after its first line before it is written");
        String group = l.string("consumer-group", "etl-vendas-lake-writer",
                "consumer group of the lake writers (their progress is kept in the lake itself, not in Kafka)");
        int memory = l.integer("memory-limit-mb", 256, 32, 65_536,
                "memory the open batches may take before DuckDB spills them to a temporary directory");
        return new LakeConfig(enabled, Target.valueOf(target.toUpperCase(Locale.ROOT)), prefix, path,
                rollLines, rollInterval, group, memory);
    }
}
