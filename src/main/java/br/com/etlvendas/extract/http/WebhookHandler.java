package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.WebhookConfig;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.SourceRow;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SaleJson;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.transform.SaleValidator;
import br.com.etlvendas.transform.Validation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /ingest/sales}: takes one sale (a JSON object) or a batch (an array), in our {@link RawSale}
 * shape or, with a mapping, in the sender's, and publishes them to {@code sales.raw} as source
 * {@code webhook} with origin {@code webhook:<requestId>}. All or nothing: every item is validated first,
 * and one invalid item refuses the whole request (400, every reason of every item); a valid request is
 * published in one Kafka transaction and answered 202 only once committed. Kafka being down answers 503,
 * so the sender retries (a retry after a commit whose answer was lost is deduplicated downstream by sale id).
 */
public final class WebhookHandler implements AutoCloseable {

    public static final String PATH = "/ingest/sales";
    public static final String SOURCE = "webhook";

    private static final Logger log = LoggerFactory.getLogger(WebhookHandler.class);

    private final WebhookConfig config;
    private final Topics topics;
    private final String bootstrapServers;
    private final String transactionalId;
    private final Optional<RowMapper> mapper;
    private final SaleValidator validator;
    private final Object publishing = new Object();
    private SourcePublisher publisher; // guarded by publishing

    /**
     * @param transactionalId unique per running webhook (one per serve instance), e.g. {@code etl-vendas-webhook-<host>}
     * @param mapper          reads senders' own JSON; empty when they post our {@link RawSale} shape
     */
    public WebhookHandler(WebhookConfig config, Topics topics, String bootstrapServers, String transactionalId,
                          Optional<RowMapper> mapper, Clock clock) {
        this.config = config;
        this.topics = topics;
        this.bootstrapServers = bootstrapServers;
        this.transactionalId = transactionalId;
        this.mapper = mapper;
        this.validator = new SaleValidator(clock);
    }

    /** Adds the route to a Javalin app (e.g. the dashboard server's). */
    public void register(JavalinConfig c) {
        c.routes.post(PATH, this::handle);
    }

    void handle(Context ctx) throws IOException {
        String requestId = UUID.randomUUID().toString();
        ctx.header("X-Request-Id", requestId);
        long declared = ctx.req().getContentLengthLong();
        byte[] body = declared > config.maxBodyBytes() ? null
                : WebhookBodies.readAtMost(ctx.req().getInputStream(), config.maxBodyBytes());
        if (body == null) {
            answer(ctx, HttpStatus.CONTENT_TOO_LARGE, requestId, "body too large",
                    "a request body may hold at most " + config.maxBodyBytes() + " bytes; send smaller batches");
            return;
        }
        List<JsonNode> items;
        try {
            items = WebhookBodies.items(body);
        } catch (IllegalArgumentException e) {
            answer(ctx, HttpStatus.BAD_REQUEST, requestId, "malformed JSON", e.getMessage());
            return;
        }
        if (items.isEmpty()) {
            answer(ctx, HttpStatus.BAD_REQUEST, requestId, "no sales", "the body holds an empty array");
            return;
        }
        if (items.size() > config.maxBatch()) {
            answer(ctx, HttpStatus.CONTENT_TOO_LARGE, requestId, "batch too large",
                    "a request may hold at most " + config.maxBatch() + " sales, this one holds " + items.size());
            return;
        }
        accept(ctx, requestId, items);
    }

    private void accept(Context ctx, String requestId, List<JsonNode> items) {
        String origin = SOURCE + ":" + requestId;
        List<RawSale> sales = new ArrayList<>(items.size());
        List<Map<String, Object>> errors = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            RawSale sale = toRawSale(items.get(i), i, origin);
            Validation v = validator.validate(sale);
            if (v instanceof Validation.Invalid invalid) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("index", i);
                error.put("reasons", invalid.reasons());
                errors.add(error);
            } else {
                ids.add(((Validation.Valid) v).sale().saleId());
                sales.add(sale);
            }
        }
        if (!errors.isEmpty()) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("errors", errors, "requestId", requestId));
            return;
        }
        try {
            publish(sales);
        } catch (KafkaException e) {
            log.warn("Webhook request {}: publishing {} sales failed, answering 503: {}", requestId, sales.size(), e.getMessage());
            ctx.header("Retry-After", "5");
            answer(ctx, HttpStatus.SERVICE_UNAVAILABLE, requestId, "unavailable",
                    "the sales could not be stored now; nothing was accepted, send them again");
            return;
        }
        log.debug("Webhook request {}: accepted {} sales", requestId, sales.size());
        ctx.status(HttpStatus.ACCEPTED).json(Map.of("accepted", List.copyOf(ids), "requestId", requestId));
    }

    private RawSale toRawSale(JsonNode item, int index, String origin) {
        String text = WebhookBodies.render(item);
        if (!item.isObject()) {
            return RawSale.rejectedAtSource(text, List.of("item " + index + " is "
                    + item.getNodeType().name().toLowerCase(Locale.ROOT) + ", not a JSON object"), SOURCE, origin);
        }
        if (mapper.isPresent()) {
            try {
                return mapper.get().map(new SourceRow(index + 1, item, text), origin).withSource(SOURCE);
            } catch (RuntimeException e) {
                log.error("Webhook {}: the mapping failed on item {}", origin, index, e);
                return RawSale.rejectedAtSource(text, List.of("item " + index + ": the mapping failed on it: " + e), SOURCE, origin);
            }
        }
        try {
            RawSale sale = SaleJson.mapper().treeToValue(item, RawSale.class);
            return new RawSale(sale.saleId(), sale.soldAt(), sale.storeId(), sale.storeName(), sale.storeCity(),
                    sale.storeState(), sale.storeCountry(), sale.channel(), sale.customerId(), sale.customerName(),
                    sale.customerDocument(), sale.paymentMethod(), sale.currency(), sale.status(), sale.lines(),
                    SOURCE, origin, null, null, sale.version(),
                    // a webhook item is a whole sale unless it says otherwise: re-posting it changed replaces the sale
                    sale.wholeSale() == null ? Boolean.TRUE : sale.wholeSale(), sale.installments());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return RawSale.rejectedAtSource(text, List.of("item " + index + " is not a sale: " + reason), SOURCE, origin);
        }
    }

    /** One transaction for the whole request; requests take turns, as a transactional producer runs one at a time. */
    private void publish(List<RawSale> sales) {
        synchronized (publishing) {
            try {
                if (publisher == null) {
                    publisher = new SourcePublisher(topics.raw(), bootstrapServers, transactionalId);
                }
                publisher.begin();
                sales.forEach(publisher::publish);
                publisher.commit();
            } catch (KafkaException | IllegalStateException e) {
                // closing aborts the open transaction; the next request starts a fresh producer
                closePublisher();
                throw e instanceof KafkaException k ? k : new KafkaException(e);
            }
        }
    }

    private static void answer(Context ctx, HttpStatus status, String requestId, String error, String message) {
        ctx.status(status).json(Map.of("error", error, "message", message, "requestId", requestId));
    }

    private void closePublisher() {
        if (publisher != null) {
            try {
                publisher.close();
            } catch (RuntimeException e) {
                log.debug("Webhook: closing the producer failed: {}", e.getMessage());
            }
            publisher = null;
        }
    }

    @Override
    public void close() {
        synchronized (publishing) {
            closePublisher();
        }
    }
}
