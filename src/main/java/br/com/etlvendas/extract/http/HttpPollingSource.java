package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.HttpSourceConfig;
import br.com.etlvendas.config.HttpSourceConfig.Pagination;
import br.com.etlvendas.extract.PollingLoop;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.extract.SourceStateStore;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topics;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
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
public final class HttpPollingSource implements Runnable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpPollingSource.class);

    private final HttpSourceConfig config;
    private final Topics topics;
    private final String bootstrapServers;
    private final RowMapper mapper;
    private final Clock clock;
    private final ApiClient api;
    private final PollingLoop loop;

    // used by the running thread only (and by close() once it has ended)
    private SourcePublisher publisher;
    private ApiPosition position;
    private long records;

    public HttpPollingSource(HttpSourceConfig config, Topics topics, String bootstrapServers, RowMapper mapper, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.mapper = mapper;
        this.clock = clock;
        this.loop = new PollingLoop(config.name());
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
    public void run() {
        loop.start();
        try {
            while (loop.running()) {
                try {
                    if (publisher == null) {
                        connectKafka();
                    }
                    if (pollOnce() && pause(config.pollInterval())) {
                        break;
                    }
                    loop.succeeded();
                } catch (ApiClient.ApiException e) {
                    if (e.refused()) {
                        log.error("Source {}: {}; trying the same page again in {}", config.name(), e.getMessage(), config.pollInterval());
                    } else {
                        log.warn("Source {}: {}; trying the same page again in {}", config.name(), e.getMessage(), config.pollInterval());
                    }
                    pause(config.pollInterval());
                } catch (ProducerFencedException e) {
                    log.error("Source {}: another instance took over its transactional id {}; this one stops",
                            config.name(), transactionalId(config.name()));
                    return;
                } catch (KafkaException | IllegalStateException e) {
                    // the open transaction (if any) is aborted by closing; resume re-reads what was committed
                    closeKafka();
                    loop.backOff(log, "Kafka unavailable (" + e.getMessage() + ")");
                } catch (RuntimeException e) {
                    // a stored position of the other pagination mode, or unforeseen: start over from the committed state
                    log.error("Source {}: {}; starting again from the last committed page in {}", config.name(), e.getMessage(),
                            config.pollInterval(), e);
                    closeKafka();
                    pause(config.pollInterval());
                }
            }
        } catch (InterruptedException e) {
            if (loop.running()) {
                Thread.currentThread().interrupt();
            }
        } finally {
            loop.finished();
        }
    }

    /** Starts the transactional producer (fencing an older instance), then resumes from the committed state. */
    private void connectKafka() {
        SourcePublisher fresh = new SourcePublisher(topics.raw(), bootstrapServers, transactionalId(config.name()));
        try (SourceStateStore states = new SourceStateStore(topics.sourceState(), bootstrapServers)) {
            Optional<SourceState> state = states.latest(config.name());
            position = state.map(s -> ApiPosition.parse(config.pagination(), s.position()))
                    .orElseGet(() -> ApiPosition.start(config.pagination()));
            records = state.map(SourceState::records).orElse(0L);
        } catch (RuntimeException e) {
            fresh.close();
            throw e;
        }
        publisher = fresh;
        log.info("Source {}: starting at {} ({} records published so far)", config.name(), position.text(), records);
    }

    /** Requests the current page and publishes what is new on it; true when the source is caught up. */
    private boolean pollOnce() throws ApiClient.ApiException, InterruptedException {
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
        publisher.begin();
        for (int i = position.seen(); i < items.size(); i++) {
            n++;
            publisher.publish(toSale(items.get(i), i + 1));
        }
        publisher.publishState(topics.sourceState(), config.name(), new SourceState(config.name(), next.text(), n, clock.instant()));
        publisher.commit();
        log.debug("Source {}: committed {} items, next {} ({} in all)", config.name(), n - records, next.text(), n);
        position = next;
        records = n;
    }

    private RawSale toSale(JsonNode item, int number) {
        String origin = config.url() + "#" + position.describe(number);
        String text = render(item);
        try {
            return mapper.map(new SourceRow(number, item, text), origin).withSource(config.name());
        } catch (RuntimeException e) {
            log.error("Source {}: mapping item {} failed; publishing it as rejected", config.name(), origin, e);
            return RawSale.rejectedAtSource(text, List.of("the mapping failed on this item: " + e), config.name(), origin);
        }
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

    private static String render(JsonNode item) {
        try {
            return SaleJson.mapper().writeValueAsString(item);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render an item read from the API as JSON", e);
        }
    }

    private boolean pause(Duration d) throws InterruptedException {
        return loop.pause(d);
    }

    private void closeKafka() {
        loop.closeQuietly(publisher, log);
        publisher = null;
    }

    /** Stops after the page in progress (committed or not at all), then releases Kafka. */
    @Override
    public void close() {
        loop.stopAndWait(log);
        closeKafka();
    }
}
