package br.com.etlvendas.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The local-files source: directories watched for new files, each read with its mapping file. */
public record DirectorySourceConfig(boolean enabled, Duration pollInterval, List<Watch> watches, int rowsPerTransaction) {

    /** One watched directory, the mapping its files are read with, and whether read files are moved away. */
    public record Watch(Path directory, Path mapping, boolean moveWhenDone) {
    }

    static DirectorySourceConfig from(ConfigReader d) {
        boolean enabled = d.bool("enabled", false, "whether files dropped in local directories are read");
        Duration poll = d.duration("poll-interval", Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofHours(24),
                "how often the directories are scanned for new or changed files");
        List<Watch> watches = d.list("directories", "watched directories, each with its mapping file").stream()
                .map(w -> new Watch(Path.of(w.requiredString("path", "directory to watch")),
                        Path.of(w.requiredString("mapping", "mapping file the files in this directory are read with")),
                        w.bool("move-when-done", false, "move a read file into a 'processed' sub-directory")))
                .toList();
        if (enabled && watches.isEmpty()) {
            d.problem(d.pathOf("directories"), "the directory source is enabled but watches no directory");
        }
        int rows = d.integer("rows-per-transaction", 5000, 1, 1_000_000,
                "rows published per Kafka transaction; progress within a file is committed with them");
        return new DirectorySourceConfig(enabled, poll, watches, rows);
    }
}
