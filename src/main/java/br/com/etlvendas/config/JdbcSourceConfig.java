package br.com.etlvendas.config;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * One database source (an ERP): rows of a table or query fetched incrementally by an increasing watermark
 * column (an id or {@code updated_at}), in batches, resuming after a restart where it stopped.
 *
 * The watermark column must be NOT NULL and grow in commit order (an identity column, or an
 * {@code updated_at} set at commit): a row that commits late with a lower value than one already read is
 * never read. Rows sharing the last watermark value of a full batch are fetched again with the next batch.
 *
 * @param query SQL with one {@code ?} for the last watermark (and optionally a second one for the batch
 *              size); when empty, built from {@code table} and {@code watermark-column}
 */
public record JdbcSourceConfig(String name, String jdbcUrl, String user, Secret password, Optional<String> table,
                               Optional<String> query, String watermarkColumn, String initialWatermark,
                               int batchSize, Duration pollInterval, Path mapping) {

    static JdbcSourceConfig from(ConfigReader j) {
        String name = j.requiredString("name", "name of this source, published with its records");
        String url = j.requiredString("jdbc-url",
                "JDBC URL of the source database (PostgreSQL built in; others with their driver's jar in drivers/)");
        if (!url.isBlank() && !driverFor(url)) {
            j.problem(j.pathOf("jdbc-url"), "no JDBC driver for " + url.replaceAll("//[^@/]*@", "//…@")
                    + " is installed: put the driver's jar in the drivers/ directory (MySQL and MariaDB:"
                    + " org.mariadb.jdbc:mariadb-java-client, URL jdbc:mariadb://host:3306/db), then start again");
        }
        String user = j.string("user", "", "database user");
        Secret password = j.secret("password", "database password");
        Optional<String> table = j.optionalString("table", "table to read (when no query is given)");
        Optional<String> query = j.optionalString("query", "SELECT with one ? for the last watermark, ordered by the watermark");
        if (table.isEmpty() == query.isEmpty()) {
            j.problem(j.pathOf("table"), "give exactly one of table and query");
        }
        String watermark = j.requiredString("watermark-column", "increasing column (id or updated_at) that orders new rows");
        String initial = j.string("initial-watermark", "", "watermark to start after on the first run; empty reads from the start");
        int batch = j.integer("batch-size", 1000, 1, 1_000_000, "rows fetched per query");
        Duration poll = j.duration("poll-interval", Duration.ofSeconds(10), Duration.ofMillis(100), Duration.ofHours(24),
                "how often the source is queried for new rows once it is caught up");
        Path mapping = Path.of(j.requiredString("mapping", "mapping file the rows are read with"));
        return new JdbcSourceConfig(name, url, user, password, table, query, watermark, initial, batch, poll, mapping);
    }

    /** Whether a driver on the classpath accepts the URL (drivers register themselves when first looked for). */
    private static boolean driverFor(String url) {
        try {
            DriverManager.getDriver(url);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
