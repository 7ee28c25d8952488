package br.com.etlvendas.serve;

import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.KpiWindowsConfig.Dimension;
import br.com.etlvendas.config.WindowSize;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * The windowed-KPI API over HTTP, from {@link KpiWindowsView}:
 * <ul>
 *   <li>{@code GET /api/kpi/windows?size=day&dimension=state&from=2024-03-01&to=2024-04-01}: totals per window,
 *   dimension value and currency;</li>
 *   <li>{@code GET /api/kpi/top-products?size=hour&n=10&from=&to=}: the best-selling products per window and currency;</li>
 *   <li>{@code GET /api/kpi/late-events}: records later than the grace period, per window size.</li>
 * </ul>
 * {@code from} (inclusive) and {@code to} (exclusive) bound the windows' start: an ISO-8601 instant with its
 * offset, or a date meaning its midnight in the windows' zone. A bad parameter answers 400 naming it.
 */
public final class KpiWindowHandler {

    private final KpiWindowsView view;
    private final KpiWindowsConfig config;

    public KpiWindowHandler(KpiWindowsView view, KpiWindowsConfig config) {
        this.view = view;
        this.config = config;
    }

    /** Registers the routes; usable as {@link DashboardServer.Routes}. */
    public void register(JavalinConfig c) {
        c.routes.get("/api/kpi/windows", this::windows);
        c.routes.get("/api/kpi/top-products", this::topProducts);
        c.routes.get("/api/kpi/late-events", ctx -> ctx.json(Map.of("lateEvents", view.lateEvents(),
                "grace", config.grace().toString())));
    }

    private void windows(Context ctx) {
        try {
            WindowSize size = size(ctx);
            Dimension dimension = parameter(ctx, "dimension").map(text -> Dimension.parse(text)
                            .filter(config.dimensions()::contains)
                            .orElseThrow(() -> new BadParameter("dimension", "must be one of the configured dimensions "
                                    + labels(config.dimensions().stream().map(Dimension::label).toList()) + ", got '" + text + "'")))
                    .orElse(Dimension.ALL);
            if (!config.dimensions().contains(dimension)) {
                throw new BadParameter("dimension", "is required: 'all' is not a configured dimension");
            }
            Instant from = instant(ctx, "from");
            Instant to = instant(ctx, "to");
            ctx.json(Map.of("size", size.label(), "dimension", dimension.label(), "zone", config.zone().getId(),
                    "windows", view.windows(size, dimension, from, to)));
        } catch (BadParameter e) {
            e.answer(ctx);
        }
    }

    private void topProducts(Context ctx) {
        try {
            WindowSize size = size(ctx);
            int n = config.topProducts();
            Optional<String> nText = parameter(ctx, "n");
            if (nText.isPresent()) {
                try {
                    n = Integer.parseInt(nText.get());
                } catch (NumberFormatException e) {
                    throw new BadParameter("n", "must be a whole number from 1 to 1000, got '" + nText.get() + "'");
                }
                if (n < 1 || n > 1000) {
                    throw new BadParameter("n", "must be a whole number from 1 to 1000, got " + n);
                }
            }
            Instant from = instant(ctx, "from");
            Instant to = instant(ctx, "to");
            ctx.json(Map.of("size", size.label(), "n", n, "zone", config.zone().getId(),
                    "windows", view.topProducts(size, n, from, to)));
        } catch (BadParameter e) {
            e.answer(ctx);
        }
    }

    private WindowSize size(Context ctx) {
        if (config.sizes().isEmpty()) {
            throw new BadParameter("size", "windowed KPIs are off: no kpi-windows.sizes are configured");
        }
        Optional<String> text = parameter(ctx, "size");
        if (text.isEmpty()) {
            throw new BadParameter("size", "is required: one of " + sizeLabels());
        }
        return WindowSize.parse(text.get()).filter(config.sizes()::contains)
                .orElseThrow(() -> new BadParameter("size", "must be one of the configured sizes " + sizeLabels()
                        + ", got '" + text.get() + "'"));
    }

    private String sizeLabels() {
        return labels(config.orderedSizes().stream().map(WindowSize::label).toList());
    }

    private static String labels(java.util.List<String> labels) {
        return String.join(", ", labels.stream().sorted().toList());
    }

    private Instant instant(Context ctx, String name) {
        Optional<String> text = parameter(ctx, name);
        if (text.isEmpty()) {
            return null;
        }
        try {
            if (text.get().length() == 10) {
                return LocalDate.parse(text.get()).atStartOfDay(config.zone()).toInstant();
            }
            return OffsetDateTime.parse(text.get()).toInstant();
        } catch (DateTimeException e) {
            throw new BadParameter(name, "must be a date (2024-03-01, midnight in " + config.zone().getId()
                    + ") or an instant with its offset (2024-03-01T10:00:00-03:00), got '" + text.get() + "'");
        }
    }

    private static Optional<String> parameter(Context ctx, String name) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** A query parameter the API cannot use: answered with 400 and the parameter's name. */
    private static final class BadParameter extends RuntimeException {
        private final String parameter;

        BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        void answer(Context ctx) {
            ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", "bad parameter", "parameter", parameter,
                    "message", parameter + " " + getMessage()));
        }
    }
}
