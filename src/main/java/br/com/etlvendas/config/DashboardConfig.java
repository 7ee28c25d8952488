package br.com.etlvendas.config;

import java.time.Duration;

/** The HTTP dashboard and REST API. */
public record DashboardConfig(String host, int port, Duration refreshInterval) {

    public static final String PORT_KEY = "dashboard.port";

    static DashboardConfig from(ConfigReader d) {
        String host = d.string("host", "0.0.0.0", "address the dashboard listens on");
        int port = d.integer("port", 3000, 0, 65535, "HTTP port of the dashboard and REST API (0 picks a free port)");
        Duration refresh = d.duration("refresh-interval", Duration.ofSeconds(2), Duration.ofMillis(250), Duration.ofMinutes(10),
                "how often the page fetches fresh totals");
        return new DashboardConfig(host, port, refresh);
    }
}
