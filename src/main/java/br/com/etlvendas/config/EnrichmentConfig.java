package br.com.etlvendas.config;

import java.nio.file.Files;
import java.util.List;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Enrichment of sale lines from catalogues: products by SKU (category, brand, name) and stores by store id
 * (region, name, city, state), each read from a CSV file or a JDBC query, published to its compacted catalogue
 * topic, and looked up by the Streams stage. Off unless a catalogue is configured, so it then costs nothing.
 */
public record EnrichmentConfig(Optional<Catalogue> products, Optional<Catalogue> stores, Duration refreshInterval) {

    public static final EnrichmentConfig NONE = new EnrichmentConfig(Optional.empty(), Optional.empty(), Duration.ofMinutes(5));

    /** The columns a catalogue's file header or query must have, the key first. */
    public static final List<String> PRODUCT_COLUMNS = List.of("sku", "name", "category", "brand");
    public static final List<String> STORE_COLUMNS = List.of("store_id", "name", "city", "state", "region");

    /** Where one catalogue is read from: a CSV file with a header, or a query on a database. */
    public record Catalogue(Optional<Path> file, Optional<String> jdbcUrl, String user, Secret password,
                            Optional<String> query) {
    }

    public boolean enabled() {
        return products.isPresent() || stores.isPresent();
    }

    static EnrichmentConfig from(ConfigReader e) {
        Optional<Catalogue> products = catalogue(e, "products", PRODUCT_COLUMNS);
        Optional<Catalogue> stores = catalogue(e, "stores", STORE_COLUMNS);
        Duration refresh = e.duration("refresh-interval", Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(7),
                "how often the catalogues are read again and changes published (also read at start-up)");
        return new EnrichmentConfig(products, stores, refresh);
    }

    private static Optional<Catalogue> catalogue(ConfigReader parent, String key, List<String> columns) {
        boolean present = parent.has(key);
        ConfigReader c = parent.section(key, "the " + key + " catalogue: a CSV file or a JDBC query with columns "
                + String.join(", ", columns));
        Optional<Path> file = c.optionalString("file", "CSV file with a header row naming the columns " + String.join(", ", columns))
                .map(Path::of);
        Optional<String> url = c.optionalString("jdbc-url", "JDBC URL of the database holding the catalogue");
        String user = c.string("user", "", "database user");
        Secret password = c.secret("password", "database password");
        Optional<String> query = c.optionalString("query", "SELECT returning the columns " + String.join(", ", columns));
        if (!present) {
            return Optional.empty();
        }
        if (file.isPresent() == url.isPresent()) {
            c.problem(c.pathOf("file"), "give exactly one of file and jdbc-url");
        }
        if (url.isPresent() && query.isEmpty()) {
            c.problem(c.pathOf("query"), "is required with jdbc-url (SELECT returning " + String.join(", ", columns) + ")");
        }
        if (file.isPresent() && !Files.isReadable(file.get())) {
            c.problem(c.pathOf("file"), "cannot read " + file.get().toAbsolutePath());
        }
        return Optional.of(new Catalogue(file, url, user, password, query));
    }
}
