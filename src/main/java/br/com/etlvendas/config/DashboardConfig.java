package br.com.etlvendas.config;

import java.time.Duration;

/**
 * The HTTP dashboard, REST API and webhook: where they listen, the token every request must carry when they
 * listen beyond this machine, and a per-client request rate.
 */
public record DashboardConfig(String host, int port, Duration refreshInterval, Secret token, int requestsPerMinute) {

    public static final String PORT_KEY = "dashboard.port";
    public static final int DEFAULT_REQUESTS_PER_MINUTE = 6000;

    /** Listening on {@code host}, no token, the default request rate (tests). */
    public DashboardConfig(String host, int port, Duration refreshInterval) {
        this(host, port, refreshInterval, Secret.empty(), DEFAULT_REQUESTS_PER_MINUTE);
    }

    static DashboardConfig from(ConfigReader d) {
        String host = d.string("host", "127.0.0.1", "address the dashboard, API and webhook listen on: 127.0.0.1 (this "
                + "machine only) unless configured; any other address requires dashboard.token");
        int port = d.integer("port", 3000, 0, 65535, "HTTP port of the dashboard and REST API (0 picks a free port)");
        Duration refresh = d.duration("refresh-interval", Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofMinutes(10),
                "how often the dashboard's stream checks for changes and pushes a fresh snapshot to open pages");
        Secret token = d.secret("token", "the token every request must present (Authorization: Bearer ...) when the "
                + "server listens beyond this machine, e.g. ${ETL_DASHBOARD_TOKEN}");
        int rate = d.integer("requests-per-minute", DEFAULT_REQUESTS_PER_MINUTE, 0, 1_000_000,
                "requests a minute one client address may make (page, API and webhook; 0: no limit)");
        if (!isLoopback(host) && token.isEmpty()) {
            d.problem(d.pathOf("token"), "is required when dashboard.host is '" + host + "' (reachable from other "
                    + "machines): set it from the environment, e.g. token: ${ETL_DASHBOARD_TOKEN}, or listen on 127.0.0.1");
        }
        if (!token.isEmpty() && token.reveal().length() < 16) {
            d.problem(d.pathOf("token"), "must be at least 16 characters long (a random string, e.g. openssl rand -hex 24)");
        }
        return new DashboardConfig(host, port, refresh, token, rate);
    }

    /** Whether only this machine can reach an address: {@code localhost}, {@code 127.x.y.z} or {@code ::1}. */
    static boolean isLoopback(String host) {
        String h = host.strip();
        return h.equalsIgnoreCase("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]");
    }
}
