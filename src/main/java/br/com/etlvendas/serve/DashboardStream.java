package br.com.etlvendas.serve;

import br.com.etlvendas.serve.KpiTotalsView.KpiSummary;
import br.com.etlvendas.serve.WarehouseApi.Grouping;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/stream?bucket=&from=&to=&store=&state=&channel=&source=}: server-sent events for the dashboard.
 * Every {@code dashboard.refresh-interval} (1 s by default) a ticker samples the pipeline's counters (rates) and checks what changed — the loader's committed
 * offsets in the warehouse, the KPI totals, the health map; when something did, each client gets a fresh
 * {@code snapshot} for its own filter (one warehouse read per distinct filter). Every few seconds every client also
 * gets a {@code heartbeat} naming when the data last changed, so the page can tell a stopped stream (no heartbeat)
 * from stopped data (heartbeats, no change). A bad parameter answers 400 before the stream opens, a request not
 * accepting {@code text/event-stream} 406; a warehouse that
 * cannot be read sends a {@code problem} event and is tried again on the next tick.
 */
public final class DashboardStream implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);

    static final Duration HEARTBEAT = Duration.ofSeconds(5);

    private final WarehouseApi warehouse;
    private final DashboardSnapshots snapshots;
    private final KpiTotalsView kpis;
    private final java.util.function.Supplier<Map<String, Object>> health;
    private final PipelineRates rates;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration tick;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService ticker;
    private Object lastState;
    private long version;
    private Instant changedAt;
    private Instant lastHeartbeat = Instant.EPOCH;

    DashboardStream(WarehouseApi warehouse, DashboardSnapshots snapshots, KpiTotalsView kpis,
                    java.util.function.Supplier<Map<String, Object>> health, PipelineRates rates, ObjectMapper json, Clock clock,
                    Duration tick) {
        this.warehouse = warehouse;
        this.snapshots = snapshots;
        this.kpis = kpis;
        this.health = health;
        this.rates = rates;
        this.json = json;
        this.clock = clock;
        this.tick = tick;
        this.changedAt = clock.instant();
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dashboard-stream");
            t.setDaemon(true);
            return t;
        });
    }

    DashboardStream start() {
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, tick.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    void register(JavalinConfig c) {
        // streams end while the server can still answer them: after it has stopped, their responses are gone
        c.events.serverStopping(this::closeStreams);
        c.routes.get("/api/stream", ctx -> {
            // validate before the stream opens, so a bad parameter is a plain 400, not a broken stream
            ApiParameters p = WarehouseApiHandler.parameters(ctx, warehouse);
            try {
                WarehouseFilter filter = p.filter();
                Grouping bucket = WarehouseApiHandler.bucket(p);
                ctx.attribute(Subscriber.class.getName(), new Subscriber(filter, bucket));
            } catch (BadParameter e) {
                e.answer(ctx);
                return;
            }
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains("text/event-stream")) {
                ctx.status(HttpStatus.NOT_ACCEPTABLE).json(Map.of("error", "not acceptable", "message",
                        "/api/stream is a stream of server-sent events: send 'Accept: text/event-stream' (as EventSource does)"));
                return;
            }
            new SseHandler(this::subscribe).handle(ctx);
        });
    }

    private void subscribe(SseClient client) {
        Subscriber s = client.ctx().attribute(Subscriber.class.getName());
        Subscriber bound = Objects.requireNonNull(s).with(client);
        client.keepAlive();
        client.onClose(() -> subscribers.remove(bound));
        subscribers.add(bound);
        // its first snapshot comes on the next tick
    }

    int subscribers() {
        return subscribers.size();
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("dashboard stream tick failed: {}", e.getMessage(), e);
        }
    }

    /** Samples the rates and pushes what changed; one thread, so the fields need no lock. */
    void tick() {
        Instant now = clock.instant();
        KpiSummary total = kpis.total();
        long loaded;
        try {
            loaded = warehouse.read(warehouse::loadedVersion);
        } catch (SQLException e) {
            sendToAll("problem", Map.of("error", "warehouse unavailable", "message", String.valueOf(e.getMessage())));
            return;
        }
        rates.sample(new PipelineRates.Counters(System.nanoTime(), total.lines(), total.rejectedLines(),
                total.duplicateLines(), loaded));
        Map<String, Object> h = health.get();
        Object state = List.of(loaded, total.lines(), total.rejectedLines(), total.duplicateLines(), total.orders(),
                total.revenue(), h);
        boolean changed = !state.equals(lastState);
        if (changed) {
            lastState = state;
            version++;
            changedAt = now;
        }
        Map<String, String> bySnapshot = new HashMap<>();
        for (Subscriber s : subscribers) {
            if (s.sentVersion == version) {
                continue;
            }
            String key = s.key();
            try {
                String data = bySnapshot.get(key);
                if (data == null) {
                    Map<String, Object> snapshot = snapshots.snapshot(s.filter, s.bucket);
                    snapshot.put("version", version);
                    snapshot.put("changedAt", changedAt.toString());
                    data = json.writeValueAsString(snapshot);
                    bySnapshot.put(key, data);
                }
                s.client.sendEvent("snapshot", data);
                s.sentVersion = version;
            } catch (SQLException e) {
                send(s, "problem", Map.of("error", "warehouse unavailable", "message", String.valueOf(e.getMessage())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a dashboard snapshot could not be written as JSON", e);
            }
        }
        if (Duration.between(lastHeartbeat, now).compareTo(HEARTBEAT) >= 0) {
            lastHeartbeat = now;
            // the rates go with every heartbeat: they fall to zero when the data stops, which sends no snapshot
            sendToAll("heartbeat", Map.of("at", now.toString(), "changedAt", changedAt.toString(), "version", version,
                    "ratesPerSecond", rates.current()));
        }
    }

    private void sendToAll(String event, Map<String, Object> data) {
        subscribers.forEach(s -> send(s, event, data));
    }

    private void send(Subscriber s, String event, Map<String, Object> data) {
        try {
            s.client.sendEvent(event, json.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dashboard event could not be written as JSON", e);
        }
    }

    private void closeStreams() {
        for (Subscriber s : subscribers) {
            subscribers.remove(s);
            s.client.close();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        closeStreams();
    }

    /** One open stream, its filter and the version of the data it was last sent. */
    private static final class Subscriber {
        final WarehouseFilter filter;
        final Grouping bucket;
        final SseClient client;
        long sentVersion = -1;

        Subscriber(WarehouseFilter filter, Grouping bucket) {
            this(filter, bucket, null);
        }

        private Subscriber(WarehouseFilter filter, Grouping bucket, SseClient client) {
            this.filter = filter;
            this.bucket = bucket;
            this.client = client;
        }

        Subscriber with(SseClient client) {
            return new Subscriber(filter, bucket, client);
        }

        String key() {
            return bucket.label() + filter;
        }
    }
}
