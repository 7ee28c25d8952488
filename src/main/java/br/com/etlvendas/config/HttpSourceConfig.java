package br.com.etlvendas.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One paginated JSON API polled for sales (an e-commerce platform): pages by number or by cursor, an
 * authorisation header from the environment, retries with back-off, and a request-rate limit.
 */
public record HttpSourceConfig(String name, String url, Pagination pagination, String itemsPath,
                               String pageParameter, String pageSizeParameter, int pageSize, String cursorParameter,
                               String nextCursorPath, Optional<String> authHeader, Secret authValue,
                               double requestsPerSecond, int maxRetries, Duration pollInterval, Path mapping) {

    public enum Pagination { PAGE, CURSOR }

    static HttpSourceConfig from(ConfigReader h) {
        String name = h.requiredString("name", "name of this source, published with its records");
        String url = h.requiredString("url", "URL of the API's list endpoint");
        Pagination pagination = Pagination.valueOf(h.oneOf("pagination", "page", List.of("page", "cursor"),
                "how pages are walked: page numbers or a cursor returned by each page").toUpperCase());
        String items = h.string("items-path", "items", "dotted path of the array of sales in each response");
        String pageParam = h.string("page-parameter", "page", "query parameter carrying the page number (page pagination)");
        String sizeParam = h.string("page-size-parameter", "page_size", "query parameter carrying the page size");
        int pageSize = h.integer("page-size", 100, 1, 10_000, "items asked per page");
        String cursorParam = h.string("cursor-parameter", "cursor", "query parameter carrying the cursor (cursor pagination)");
        String nextCursor = h.string("next-cursor-path", "next_cursor", "dotted path of the next cursor in each response");
        Optional<String> authHeader = h.optionalString("auth-header", "name of the authorisation header, e.g. Authorization");
        Secret authValue = h.secret("auth-value", "value of the authorisation header, e.g. ${ECOMMERCE_TOKEN}");
        double rate = h.decimal("requests-per-second", 5, 0.01, 1000, "most requests sent per second");
        int retries = h.integer("max-retries", 5, 0, 100, "retries of a failed request, with exponential back-off");
        Duration poll = h.duration("poll-interval", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(24),
                "how often the API is polled for new sales once caught up");
        Path mapping = Path.of(h.requiredString("mapping", "mapping file the items are read with"));
        return new HttpSourceConfig(name, url, pagination, items, pageParam, sizeParam, pageSize, cursorParam, nextCursor,
                authHeader, authValue, rate, retries, poll, mapping);
    }
}
