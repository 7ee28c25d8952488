package br.com.etlvendas.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The tumbling window sizes KPIs can be aggregated in; written in config and URLs as {@code minute}, {@code hour}, {@code day}. */
public enum WindowSize {
    MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

    private final Duration nominal;

    WindowSize(Duration nominal) {
        this.nominal = nominal;
    }

    /** The window's length, except for a day containing a daylight-saving change in the windows' zone (23 or 25 h). */
    public Duration nominal() {
        return nominal;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WindowSize> parse(String text) {
        for (WindowSize s : values()) {
            if (s.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
