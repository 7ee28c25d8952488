package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.HttpSourceConfig;
import br.com.etlvendas.config.HttpSourceConfig.Pagination;
import br.com.etlvendas.extract.PollingSource;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topics;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;




/**
 * Polls a paginated JSON API (pages by number or by cursor) and publishes every item, through the source's
 * mapping, to {@code sales.raw}. Each page's new items are published in one Kafka transaction together with
 * the source's {@link SourceState} (the next page or cursor and how many of its items are done, see
 * {@link ApiPosition}), so a restart resumes exactly after the last committed page: no item lost, none
 * published twice. A failing request is retried with back-off (see {@link ApiClient}), then again every poll
 * interval; a page is never skipped. An item the mapping cannot read is published as rejected (it reaches
 * the DLQ) and never stops the source.
 */
public final class HttpPollingSource extends PollingSource {

    private static final Logger log = LoggerFactory.getLogger(HttpPollingSource.class);

    private final HttpSourceConfig config;
    private final RowMapper mapper;
    private final Clock clock;
    private final ApiClient api;

    // used by the running thread only
    private ApiPosition position;
    private long records;

    public HttpPollingSource(HttpSourceConfig config, Topics topics, String bootstrapServers, RowMapper mapper, Clock clock) {
        super(config.name(), "item", topics, bootstrapServers, transactionalId(config.name()), config.pollInterval(), log);
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.api = new ApiClient(config, http, d -> {
            if (pause(d)) {
                throw new InterruptedException("source " + config.name() + " is stopping");
            }
        });
    }

    /** The Kafka transactional id of the source: one per source name, so a second instance fences the first. */
    public static String transactionalId(String sourceName) {
        return "etl-vendas-http-" + sourceName;
    }

    @Override
    protected void resume(Optional<SourceState> state) {
        position = state.map(s -> ApiPosition.parse(config.pagination(), s.position()))
                .orElseGet(() -> ApiPosition.start(config.pagination()));
        records = state.map(SourceState::records).orElse(0L);
        log.info("Source {}: starting at {} ({} records published so far)", config.name(), position.text(), records);
    }

    @Override
    protected boolean handled(Exception e) throws InterruptedException {
        if (!(e instanceof ApiClient.ApiException api)) {
            return false;
        }
        if (api.refused()) {
            log.error("Source {}: {}; trying the same page again in {}", config.name(), api.getMessage(), config.pollInterval());
        } else {
            log.warn("Source {}: {}; trying the same page again in {}", config.name(), api.getMessage(), config.pollInterval());
        }
        pause(config.pollInterval());
        return true;
    }

    /** Requests the current page and publishes what is new on it; true when the source is caught up. */
    @Override
    protected boolean pollOnce() throws ApiClient.ApiException, InterruptedException {
        URI uri = uriOf(position);
        JsonNode body = api.get(uri);
        List<JsonNode> items = items(uri, body);
        String nextCursor = null;
        if (config.pagination() == Pagination.CURSOR) {
            JsonNode next = at(body, config.nextCursorPath());
            nextCursor = next == null || next.isNull() ? null : next.asText();
        }
        if (items.size() < position.seen()) {
            log.warn("Source {}: {} now has {} items but {} were published from it; items were removed or reordered "
                    + "by the API and are not read again", config.name(), uri, items.size(), position.seen());
        }
        ApiPosition.Step step = position.after(items.size(), config.pageSize(), nextCursor);
        publish(items, step.next());
        return step.caughtUp();
    }

    private void publish(List<JsonNode> items, ApiPosition next) {
        if (items.size() <= position.seen() && next.equals(position)) {
            return;
        }
        long n = records;
        SourcePublisher publisher = publisher();
        publisher.begin();
        for (int i = position.seen(); i < items.size(); i++) {
            n++;
            publisher.publish(toSale(items.get(i), i + 1));
        }
        publisher.publishState(topics().sourceState(), config.name(), new SourceState(config.name(), next.text(), n, clock.instant()));
        publisher.commit();
        log.debug("Source {}: committed {} items, next {} ({} in all)", config.name(), n - records, next.text(), n);
        position = next;
        records = n;
    }

    private RawSale toSale(JsonNode item, int number) {
        String origin = config.url() + "#" + position.describe(number);
        return map(mapper, number, item, render(item), origin);
    }

    private URI uriOf(ApiPosition p) {
        StringBuilder url = new StringBuilder(config.url()).append(config.url().contains("?") ? '&' : '?');
        if (p.cursorMode()) {
            url.append(param(config.pageSizeParameter(), Integer.toString(config.pageSize())));
            if (!p.cursor().isEmpty()) {
                url.append('&').append(param(config.cursorParameter(), p.cursor()));
            }
        } else {
            url.append(param(config.pageParameter(), Long.toString(p.page())))
                    .append('&').append(param(config.pageSizeParameter(), Integer.toString(config.pageSize())));
        }
        return URI.create(url.toString());
    }

    private static String param(String name, String value) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private List<JsonNode> items(URI uri, JsonNode body) throws ApiClient.ApiException {
        JsonNode node = config.itemsPath().isBlank() ? body : at(body, config.itemsPath());
        if (node == null || node.isNull()) {
            log.warn("Source {}: the response from {} has no {}; read as a page with no items", config.name(), uri, config.itemsPath());
            return List.of();
        }
        if (!node.isArray()) {
            throw new ApiClient.ApiException("the response from " + uri + " has " + node.getNodeType().name().toLowerCase()
                    + " at " + config.itemsPath() + ", not an array of items", true);
        }
        List<JsonNode> items = new ArrayList<>(node.size());
        node.forEach(items::add);
        return items;
    }

    /** The node at a dotted path (a segment of digits indexes a list); null when absent. */
    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String segment : path.split("\\.")) {
            if (node == null) {
                return null;
            }
            node = node.isArray() && segment.matches("\\d{1,9}") ? node.get(Integer.parseInt(segment)) : node.get(segment);
        }
        return node;
    }
}
