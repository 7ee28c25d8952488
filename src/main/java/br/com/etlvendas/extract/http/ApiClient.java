package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.HttpSourceConfig;
import br.com.etlvendas.sale.SaleJson;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Sends the GET requests of one API source and reads their JSON: at most {@code requests-per-second}, with
 * the configured authorisation header (its value is never logged), retrying an I/O failure, a 429 or a 5xx
 * up to {@code max-retries} times with exponential back-off, or after the server's {@code Retry-After}.
 * Decimals in the response keep their scale ({@code 10.50} stays {@code 10.50}).
 */
final class ApiClient {

    private static final Logger log = LoggerFactory.getLogger(ApiClient.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    static final ObjectReader JSON = SaleJson.mapper().reader()
            .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Waits, or throws {@link InterruptedException} when the source is stopping. */
    interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A request that did not give a JSON answer: after every retry, or at once for a refusal such as 401. */
    static final class ApiException extends Exception {
        private final boolean refused;

        ApiException(String message, boolean refused) {
            super(message);
            this.refused = refused;
        }

        /** Whether the API refused the request or answered nonsense (needs a person), rather than being unavailable. */
        boolean refused() {
            return refused;
        }
    }

    private final HttpSourceConfig config;
    private final HttpClient http;
    private final Pause pause;
    private final long intervalNanos;
    private long nextAllowed = System.nanoTime();

    ApiClient(HttpSourceConfig config, HttpClient http, Pause pause) {
        this.config = config;
        this.http = http;
        this.pause = pause;
        this.intervalNanos = (long) (1_000_000_000L / config.requestsPerSecond());
    }

    JsonNode get(URI uri) throws ApiException, InterruptedException {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 0; ; attempt++) {
            String failure;
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<byte[]> response = send(uri);
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(uri, response.body());
                }
                failure = "HTTP " + status;
                if (status != 429 && status < 500) {
                    throw new ApiException(failure + " from " + uri + ": " + excerpt(response.body()), true);
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(ApiClient::retryAfter);
            } catch (IOException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            if (attempt >= config.maxRetries()) {
                throw new ApiException(failure + " from " + uri + " after " + (attempt + 1) + " attempts", false);
            }
            Duration wait = retryAfter.orElse(backoff);
            log.warn("Source {}: {} from {} (attempt {} of {}); retrying in {} ms", config.name(), failure, uri,
                    attempt + 1, config.maxRetries() + 1, wait.toMillis());
            pause.sleep(wait);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    private HttpResponse<byte[]> send(URI uri) throws IOException, InterruptedException {
        long wait = nextAllowed - System.nanoTime();
        if (wait > 0) {
            pause.sleep(Duration.ofNanos(wait));
        }
        nextAllowed = Math.max(nextAllowed, System.nanoTime()) + intervalNanos;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json");
        if (config.authHeader().isPresent() && !config.authValue().isEmpty()) {
            request.header(config.authHeader().get(), config.authValue().reveal());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode parse(URI uri, byte[] body) throws ApiException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "malformed JSON" : e.getMessage().lines().findFirst().orElse("");
            throw new ApiException("the response from " + uri + " is not JSON (" + reason + "): " + excerpt(body), true);
        }
    }

    /** Retry-After in seconds or as an HTTP date; capped, so a wrong header cannot stall the source for days. */
    static Optional<Duration> retryAfter(String value) {
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            try {
                d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }

    private static String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
