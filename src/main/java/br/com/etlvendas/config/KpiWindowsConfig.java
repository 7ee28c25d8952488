package br.com.etlvendas.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Windowed KPIs: which tumbling window sizes and dimensions are aggregated, in which time zone windows
 * start (a day is midnight to midnight there), how late an event may arrive and still count, and the
 * default length of a top-products list. With no sizes the feature is off and the topology does not
 * carry its branch at all.
 */
public record KpiWindowsConfig(Set<WindowSize> sizes, Set<Dimension> dimensions, ZoneId zone, Duration grace,
                               int topProducts) {

    /** What a window's totals are broken down by; {@code ALL} is the total over every sale. */
    public enum Dimension {
        ALL, STORE, STATE, CHANNEL, CATEGORY, PAYMENT;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Dimension> parse(String text) {
            for (Dimension d : values()) {
                if (d.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return java.util.Optional.of(d);
                }
            }
            return java.util.Optional.empty();
        }
    }

    public static final Duration MAX_GRACE = Duration.ofDays(3650);
    /** Off: no window sizes. */
    public static final KpiWindowsConfig DISABLED = new KpiWindowsConfig(Set.of(), EnumSet.allOf(Dimension.class),
            ZoneId.of("America/Sao_Paulo"), Duration.ofHours(1), 10);

    public KpiWindowsConfig {
        sizes = sizes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sizes));
        dimensions = Set.copyOf(dimensions);
    }

    public boolean enabled() {
        return !sizes.isEmpty();
    }

    static KpiWindowsConfig from(ConfigReader k) {
        List<String> rawSizes = k.stringList("sizes",
                "tumbling window sizes to aggregate KPIs in: minute, hour, day (empty: windowed KPIs off)");
        Set<WindowSize> sizes = EnumSet.noneOf(WindowSize.class);
        for (String s : rawSizes) {
            WindowSize.parse(s).ifPresentOrElse(sizes::add, () -> k.problem(k.pathOf("sizes"),
                    "unknown window size '" + s + "'; use minute, hour or day"));
        }
        List<String> rawDims = k.stringList("dimensions",
                "what each window is broken down by: all, store, state, channel, category, payment (absent: every one)");
        Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
        if (!k.has("dimensions")) {
            dims = EnumSet.allOf(Dimension.class);
        }
        for (String d : rawDims) {
            Dimension.parse(d).ifPresentOrElse(dims::add, () -> k.problem(k.pathOf("dimensions"),
                    "unknown dimension '" + d + "'; use all, store, state, channel, category or payment"));
        }
        if (k.has("dimensions") && dims.isEmpty() && rawDims.isEmpty()) {
            k.problem(k.pathOf("dimensions"), "must name at least one dimension (or leave the key out for all of them)");
        }
        String zoneText = k.string("zone", "America/Sao_Paulo",
                "time zone whose midnight starts a day window (and whose hours start hour windows)");
        ZoneId zone = ZoneId.of("America/Sao_Paulo");
        try {
            zone = ZoneId.of(zoneText);
        } catch (java.time.DateTimeException e) {
            k.problem(k.pathOf("zone"), "is not a time zone id such as America/Sao_Paulo or UTC, got '" + zoneText + "'");
        }
        Duration grace = k.duration("grace", Duration.ofHours(1), Duration.ZERO, MAX_GRACE,
                "how long after a window ends (by the newest sold_at seen) events for it still count; later ones are counted as late");
        int top = k.integer("top-products", 10, 1, 1000, "how many products a top-products list has unless a request asks for another number");
        return new KpiWindowsConfig(sizes, dims, zone, grace, top);
    }

    /** The sizes in order, minute first. */
    public List<WindowSize> orderedSizes() {
        return new ArrayList<>(EnumSet.copyOf(sizes.isEmpty() ? EnumSet.noneOf(WindowSize.class) : sizes));
    }
}
