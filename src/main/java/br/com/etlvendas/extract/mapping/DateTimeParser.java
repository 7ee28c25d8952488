package br.com.etlvendas.extract.mapping;

import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a source's date or date-time text into an instant with an offset. A value with its own offset or
 * zone keeps it; a local date-time is placed in the source's zone (a time skipped by a DST change moves
 * forward, a repeated one takes the earlier offset); a date alone means the start of that day in the zone.
 * ISO-8601 is tried first, then the configured patterns in order.
 */
final class DateTimeParser {

    private static final int CACHE_SIZE = 4096;

    private final java.util.concurrent.ConcurrentHashMap<String, Optional<String>> cache =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ZoneId zone;
    private final List<DateTimeFormatter> formatters = new ArrayList<>();
    private final boolean epochSeconds;
    private final boolean epochMillis;
    private final String description;

    DateTimeParser(ZoneId zone, DateStyle style) {
        this.zone = zone;
        formatters.add(DateTimeFormatter.ISO_DATE_TIME);
        formatters.add(DateTimeFormatter.ISO_LOCAL_DATE);
        for (String pattern : style.patterns()) {
            if (!pattern.equals(DateStyle.EPOCH_SECONDS) && !pattern.equals(DateStyle.EPOCH_MILLIS)) {
                formatters.add(DateStyle.formatter(pattern, style.locale()));
            }
        }
        this.epochSeconds = style.patterns().contains(DateStyle.EPOCH_SECONDS);
        this.epochMillis = style.patterns().contains(DateStyle.EPOCH_MILLIS);
        List<String> accepted = new ArrayList<>(style.patterns());
        accepted.add("ISO-8601");
        this.description = accepted.size() == 1 ? accepted.get(0)
                : String.join(", ", accepted.subList(0, accepted.size() - 1)) + " or " + accepted.get(accepted.size() - 1);
    }

    /**
     * The text as ISO-8601 with offset, through a small cache: a file's dates repeat (one per day, or per minute), and parsing with
     * patterns is the costliest step of mapping a row. Bounded; shared safely between threads.
     */
    Optional<String> iso(String text) {
        Optional<String> cached = cache.get(text);
        if (cached != null) {
            return cached;
        }
        Optional<String> parsed = parse(text).map(OffsetDateTime::toString);
        if (cache.size() >= CACHE_SIZE) {
            cache.clear();
        }
        cache.put(text, parsed);
        return parsed;
    }

    /** The instant the text stands for, with its offset; empty when no accepted format fits. */
    Optional<OffsetDateTime> parse(String text) {
        String t = text.strip();
        if ((epochSeconds || epochMillis) && t.matches("-?\\d{1,19}")) {
            try {
                long n = Long.parseLong(t);
                Instant at = epochSeconds ? Instant.ofEpochSecond(n) : Instant.ofEpochMilli(n);
                return Optional.of(at.atZone(zone).toOffsetDateTime());
            } catch (NumberFormatException | DateTimeException e) {
                return Optional.empty();
            }
        }
        for (DateTimeFormatter formatter : formatters) {
            // a cheap check first: most texts fail most patterns, and a thrown exception per try is slow
            ParsePosition position = new ParsePosition(0);
            if (formatter.parseUnresolved(t, position) == null || position.getIndex() != t.length()) {
                continue;
            }
            try {
                TemporalAccessor parsed = formatter.parseBest(t, ZonedDateTime::from, LocalDateTime::from, LocalDate::from);
                if (parsed instanceof ZonedDateTime z) {
                    return Optional.of(z.toOffsetDateTime());
                } else if (parsed instanceof LocalDateTime local) {
                    return Optional.of(local.atZone(zone).toOffsetDateTime());
                } else {
                    return Optional.of(((LocalDate) parsed).atStartOfDay(zone).toOffsetDateTime());
                }
            } catch (DateTimeException e) {
                // the next pattern may fit
            }
        }
        return Optional.empty();
    }

    /** The accepted formats, for messages: "dd/MM/yyyy HH:mm, dd/MM/yyyy or ISO-8601". */
    String description() {
        return description;
    }
}
