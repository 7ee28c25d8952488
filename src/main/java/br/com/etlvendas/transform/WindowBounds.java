package br.com.etlvendas.transform;

import br.com.etlvendas.config.WindowSize;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Where the tumbling windows of each size start and end in one time zone: a minute or hour window starts
 * on the zone's clock minute or hour, a day window at the zone's midnight (so a day with a daylight-saving
 * change is 23 or 25 hours long). The last day computed is remembered, since consecutive sales mostly share it.
 */
final class WindowBounds {

    private final ZoneId zone;
    private final ZoneRules rules;
    private long cachedDay = Long.MIN_VALUE;
    private long cachedDayStart;
    private long cachedEndOf = Long.MIN_VALUE;
    private long cachedEnd;

    WindowBounds(ZoneId zone) {
        this.zone = zone;
        this.rules = zone.getRules();
    }

    /** The start, in epoch milliseconds, of the window of {@code size} holding the instant {@code epochMillis}. */
    long start(WindowSize size, long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000L);
        int offset = rules.isFixedOffset() ? rules.getOffset(Instant.EPOCH).getTotalSeconds()
                : rules.getOffset(Instant.ofEpochSecond(second)).getTotalSeconds();
        long local = second + offset;
        return switch (size) {
            case MINUTE -> (second - Math.floorMod(local, 60L)) * 1000L;
            case HOUR -> (second - Math.floorMod(local, 3600L)) * 1000L;
            case DAY -> dayStart(Math.floorDiv(local, 86_400L));
        };
    }

    /** The end (exclusive) of the window of {@code size} that starts at {@code start}. */
    long end(WindowSize size, long start) {
        return switch (size) {
            case MINUTE -> start + 60_000L;
            case HOUR -> start + 3_600_000L;
            case DAY -> {
                if (start != cachedEndOf) {
                    LocalDate day = Instant.ofEpochMilli(start).atZone(zone).toLocalDate();
                    cachedEnd = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
                    cachedEndOf = start;
                }
                yield cachedEnd;
            }
        };
    }

    private long dayStart(long epochDay) {
        if (epochDay != cachedDay) {
            cachedDayStart = LocalDate.ofEpochDay(epochDay).atStartOfDay(zone).toInstant().toEpochMilli();
            cachedDay = epochDay;
        }
        return cachedDayStart;
    }
}
