package br.com.etlvendas.serve;

import br.com.etlvendas.config.Secret;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.plugin.bundled.RateLimitPlugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stands before every route of the dashboard server (page, API, webhook): puts security headers on every answer;
 * limits each client address to a number of requests a minute (429 with {@code Retry-After}); and, when a token
 * is configured, lets a request through only when it presents the token — as {@code Authorization: Bearer}, as
 * {@code X-Api-Token}, or as the cookie a browser gets by opening any page once with {@code ?token=…}. The
 * liveness and readiness checks {@code /health} and {@code /ready} stay open, so orchestrators can probe without
 * the token. {@code /metrics} is open to clients on this machine's loopback (a Prometheus beside the process) and
 * needs the token from anywhere else (Prometheus' {@code authorization} / {@code bearer_token} scrape setting).
 */
final class AccessGuard {

    static final String COOKIE = "etl-vendas-token";
    static final String HEALTH = "/health";

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; "
                    + "base-uri 'none'; form-action 'self'",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin");

    private final Secret token;
    private final int requestsPerMinute;

    /**
     * @param token             required of every request but {@code /health}; empty for none
     * @param requestsPerMinute per client address; 0 for no limit
     */
    AccessGuard(Secret token, int requestsPerMinute) {
        this.token = token;
        this.requestsPerMinute = requestsPerMinute;
    }

    void install(JavalinConfig c) {
        if (requestsPerMinute > 0) {
            c.registerPlugin(new RateLimitPlugin(rate -> rate.setKeyFunction(ctx -> ctx.ip())));
        }
        c.routes.before(this::check);
    }

    private void check(Context ctx) {
        SECURITY_HEADERS.forEach(ctx::header);
        if (HEALTH.equals(ctx.path()) || OperationsRoutes.READY.equals(ctx.path())) {
            return;
        }
        if (OperationsRoutes.METRICS.equals(ctx.path()) && fromLoopback(ctx)) {
            return;
        }
        if (requestsPerMinute > 0) {
            try {
                ctx.with(RateLimitPlugin.class).requestPerTimeUnit(requestsPerMinute, TimeUnit.MINUTES);
            } catch (HttpResponseException e) {
                if (e.getStatus() != HttpStatus.TOO_MANY_REQUESTS.getCode()) {
                    throw e;
                }
                ctx.header("Retry-After", "60");
                refuse(ctx, HttpStatus.TOO_MANY_REQUESTS, "too many requests", "at most " + requestsPerMinute
                        + " requests a minute from one address (dashboard.requests-per-minute); try again in a minute");
                return;
            }
        }
        if (token.isEmpty()) {
            return;
        }
        String fromQuery = ctx.queryParam("token");
        if (fromQuery != null && matches(fromQuery) && "GET".equals(ctx.method().name())) {
            // a browser opening a link with the token: keep it in a cookie the page's own requests carry, and drop
            // it from the address bar (and from history and Referer headers)
            ctx.cookie(new Cookie(COOKIE, fromQuery, "/", -1, false, true, null, SameSite.STRICT));
            ctx.redirect(ctx.path(), HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        if (!matches(presented(ctx))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"etl-vendas\"");
            refuse(ctx, HttpStatus.UNAUTHORIZED, "unauthorized", "this server needs its token (dashboard.token): send "
                    + "'Authorization: Bearer <token>', or open the page once as /?token=<token>");
        }
    }

    /** The client's own address (not a forwarded header, which any client can write) is a loopback address. */
    private static boolean fromLoopback(Context ctx) {
        return isLoopback(ctx.req().getRemoteAddr());
    }

    static boolean isLoopback(String remoteAddress) {
        String ip = remoteAddress;
        if (ip == null) {
            return false;
        }
        if (ip.startsWith("[") && ip.endsWith("]")) {
            ip = ip.substring(1, ip.length() - 1);
        }
        return ip.startsWith("127.") || "::1".equals(ip) || "0:0:0:0:0:0:0:1".equals(ip);
    }

    private static String presented(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String header = ctx.header("X-Api-Token");
        return header != null ? header : ctx.cookie(COOKIE);
    }

    /** Compared in constant time, so response times do not tell how much of a guess was right. */
    private boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                token.reveal().getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(Context ctx, HttpStatus status, String error, String message) {
        ctx.status(status).json(Map.of("error", error, "message", message));
        ctx.skipRemainingHandlers();
    }
}
