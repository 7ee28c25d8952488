package br.com.etlvendas.serve;

import br.com.etlvendas.config.Secret;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard in front of the dashboard server, on a real HTTP server with one route and the health check. */
class AccessGuardTest {

    private static final String TOKEN = "s3cr3t-token-for-the-test";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private Javalin app;

    private String start(Secret token, int requestsPerMinute) {
        app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            new AccessGuard(token, requestsPerMinute).install(c);
            c.routes.get("/api/kpi", ctx -> ctx.json(Map.of("revenue", "1.00")));
            c.routes.get(AccessGuard.HEALTH, ctx -> ctx.json(Map.of("status", "UP")));
            c.routes.get(OperationsRoutes.READY, ctx -> ctx.json(Map.of("status", "READY")));
            c.routes.get(OperationsRoutes.METRICS, ctx -> ctx.result("etl_lines_total 1"));
        }).start();
        return "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRefuseARequestWithoutTheTokenWith401AndAJsonBodySayingHowToSendIt() throws Exception {
        String base = start(Secret.of(TOKEN), 0);

        HttpResponse<String> none = get(base + "/api/kpi");
        HttpResponse<String> wrong = get(base + "/api/kpi", "Authorization", "Bearer not-the-token-at-all");

        for (HttpResponse<String> r : new HttpResponse[]{none, wrong}) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"etl-vendas\"");
            assertThat(r.body()).contains("\"error\":\"unauthorized\"").contains("dashboard.token").doesNotContain("1.00");
        }
    }

    @Test
    void shouldLetThroughARequestWithTheTokenAsBearerOrHeader() throws Exception {
        String base = start(Secret.of(TOKEN), 0);

        assertThat(get(base + "/api/kpi", "Authorization", "Bearer " + TOKEN).body()).contains("1.00");
        assertThat(get(base + "/api/kpi", "X-Api-Token", TOKEN).body()).contains("1.00");
    }

    @Test
    void shouldTradeATokenInTheAddressForAnHttpOnlyCookieAndDropItFromTheAddress() throws Exception {
        String base = start(Secret.of(TOKEN), 0);

        HttpResponse<String> opened = get(base + "/api/kpi?token=" + TOKEN);

        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(opened.headers().firstValue("Location")).hasValue("/api/kpi");
        String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(AccessGuard.COOKIE + "=" + TOKEN).contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        assertThat(get(base + "/api/kpi", "Cookie", AccessGuard.COOKIE + "=" + TOKEN).body()).contains("1.00");
        assertThat(get(base + "/api/kpi?token=guess").statusCode()).isEqualTo(401);
    }

    @Test
    void shouldKeepTheLivenessCheckOpenWithoutTheToken() throws Exception {
        String base = start(Secret.of(TOKEN), 0);

        assertThat(get(base + AccessGuard.HEALTH).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldKeepTheReadinessCheckOpenWithoutTheToken() throws Exception {
        String base = start(Secret.of(TOKEN), 0);

        assertThat(get(base + OperationsRoutes.READY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeMetricsWithoutTheTokenToAClientOnTheLoopbackOnly() throws Exception {
        String base = start(Secret.of(TOKEN), 0);

        HttpResponse<String> local = get(base + OperationsRoutes.METRICS);

        assertThat(local.statusCode()).isEqualTo(200);
        assertThat(local.body()).contains("etl_lines_total");
        assertThat(get(base + "/api/kpi").statusCode()).as("the loopback opens /metrics, nothing else").isEqualTo(401);
        assertThat(AccessGuard.isLoopback("127.0.0.1")).isTrue();
        assertThat(AccessGuard.isLoopback("[::1]")).isTrue();
        assertThat(AccessGuard.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(AccessGuard.isLoopback("10.0.0.7")).as("another machine needs the token").isFalse();
        assertThat(AccessGuard.isLoopback("::ffff:192.168.1.9")).isFalse();
        assertThat(AccessGuard.isLoopback(null)).isFalse();
    }

    @Test
    void shouldPutSecurityHeadersOnEveryAnswerTheRefusedAndUnknownOnesToo() throws Exception {
        String base = start(Secret.of(TOKEN), 0);

        for (HttpResponse<String> r : new HttpResponse[]{get(base + AccessGuard.HEALTH), get(base + "/api/kpi"),
                get(base + "/no-such-page", "X-Api-Token", TOKEN)}) {
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri().toString()).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));
            assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterOnceAClientExceedsItsRequestsPerMinute() throws Exception {
        String base = start(Secret.empty(), 3);

        for (int i = 0; i < 3; i++) {
            assertThat(get(base + "/api/kpi").statusCode()).as("request " + (i + 1)).isEqualTo(200);
        }
        HttpResponse<String> fourth = get(base + "/api/kpi");

        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(fourth.body()).contains("dashboard.requests-per-minute");
        assertThat(get(base + AccessGuard.HEALTH).statusCode()).as("the liveness check is not counted").isEqualTo(200);
    }

    @Test
    void shouldNeedNoTokenWhenNoneIsConfigured() throws Exception {
        String base = start(Secret.empty(), 0);

        assertThat(get(base + "/api/kpi").body()).contains("1.00");
    }
}
