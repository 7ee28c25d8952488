package br.com.etlvendas.serve;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads an API request's query parameters, one typed getter per kind, each throwing {@link BadParameter} with
 * the parameter's name and what it accepts. Works on a plain map so the rules are unit-tested without a server.
 */
final class ApiParameters {

    /** Longest text a filter value may have: store ids, states, channels and sources are short. */
    static final int MAX_TEXT = 200;

    private final Map<String, String> values;
    private final ZoneId zone;

    /** @param values the first value of each query parameter; {@code zone} gives a bare date its midnight */
    ApiParameters(Map<String, String> values, ZoneId zone) {
        this.values = values;
        this.zone = zone;
    }

    Optional<String> text(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        String t = v.strip();
        if (t.length() > MAX_TEXT) {
            throw new BadParameter(name, "must be at most " + MAX_TEXT + " characters long, got " + t.length());
        }
        return Optional.of(t);
    }

    /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String what = "must be a whole number from " + min + " to " + max + ", got '" + text.get() + "'";
        int n;
        try {
            n = Integer.parseInt(text.get());
        } catch (NumberFormatException e) {
            throw new BadParameter(name, what);
        }
        if (n < min || n > max) {
            throw new BadParameter(name, what);
        }
        return n;
    }

    /**
     * An instant: an ISO-8601 date-time with its offset, or a date meaning its midnight in the zone (as the start of
     * a range) — for {@code to}, a bare date means the midnight after it, so {@code to=2026-11-29} includes that day.
     */
    Optional<Instant> instant(String name, boolean endOfDay) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            if (text.get().length() == 10) {
                LocalDate day = LocalDate.parse(text.get());
                return Optional.of((endOfDay ? day.plusDays(1) : day).atStartOfDay(zone).toInstant());
            }
            return Optional.of(OffsetDateTime.parse(text.get()).toInstant());
        } catch (DateTimeException e) {
            throw new BadParameter(name, "must be a date (2026-11-29, in " + zone.getId() + ") or a date-time with its "
                    + "offset (2026-11-29T10:00:00-03:00), got '" + text.get() + "'");
        }
    }

    /** One of an enum's constants by its {@code label}, or {@code fallback} when absent. */
    <E extends Enum<E>> E choice(String name, Class<E> type, Function<E, String> label, E fallback) {
        Optional<String> text = text(name);
        if (text.isEmpty()) {
            return fallback;
        }
        String wanted = text.get().toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (label.apply(e).equals(wanted)) {
                return e;
            }
        }
        throw new BadParameter(name, "must be one of " + labels(Arrays.asList(type.getEnumConstants()), label)
                + ", got '" + text.get() + "'");
    }

    static <E> String labels(Collection<E> values, Function<E, String> label) {
        return values.stream().map(label).collect(Collectors.joining(", "));
    }

    /** The filters of the warehouse queries; {@code from} must come before {@code to}. */
    WarehouseFilter filter() {
        Optional<Instant> from = instant("from", false);
        Optional<Instant> to = instant("to", true);
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw new BadParameter("to", "must come after from (" + values.get("from") + "), got '" + values.get("to") + "'");
        }
        return new WarehouseFilter(from, to, text("store"), text("state"), text("channel"), text("source"));
    }
}
