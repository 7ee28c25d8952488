package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigReader;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.IllformedLocaleException;
import java.util.List;
import java.util.Locale;

/**
 * How a source writes dates and times: patterns tried in order (ISO-8601 is always accepted as well), and
 * the locale of month and day names. Local values are placed in the mapping's time zone by
 * {@link DateTimeParser}.
 *
 * @param patterns {@link DateTimeFormatter} patterns such as {@code dd/MM/yyyy HH:mm}, or the words
 *                 {@value #EPOCH_SECONDS} / {@value #EPOCH_MILLIS} for Unix timestamps
 * @param locale   language of month and day names in the patterns ({@code MMM}, {@code EEE})
 */
public record DateStyle(List<String> patterns, Locale locale) {

    public static final String EPOCH_SECONDS = "epoch-seconds";
    public static final String EPOCH_MILLIS = "epoch-millis";

    /** A date with a time, used to check that a pattern can be read back into at least a full date. */
    private static final ZonedDateTime PROBE = ZonedDateTime.of(2024, 11, 28, 14, 37, 9, 0, ZoneId.of("America/Sao_Paulo"));

    public DateStyle {
        patterns = List.copyOf(patterns);
    }

    static DateStyle from(ConfigReader dates) {
        Locale locale = locale(dates);
        List<String> given = dates.stringList("patterns",
                "date or date-time patterns tried in order, e.g. [\"dd/MM/yyyy HH:mm\", \"dd/MM/yyyy\"], or epoch-seconds / "
                        + "epoch-millis; ISO-8601 is always accepted");
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String pattern = given.get(i).strip();
            String problem = pattern.isEmpty() ? "is blank" : problemWith(pattern, locale);
            if (problem != null) {
                dates.problem(dates.pathOf("patterns") + "[" + i + "]", problem);
            } else {
                patterns.add(pattern);
            }
        }
        return new DateStyle(patterns, locale);
    }

    private static Locale locale(ConfigReader dates) {
        String tag = dates.string("locale", "pt-BR",
                "language of month and day names in the patterns, as a BCP 47 tag such as pt-BR or en-US");
        try {
            return new Locale.Builder().setLanguageTag(tag).build();
        } catch (IllformedLocaleException e) {
            dates.problem(dates.pathOf("locale"), "is not a language tag such as pt-BR or en-US, got '" + tag + "'");
            return Locale.forLanguageTag("pt-BR");
        }
    }

    /** The formatter for a pattern: strict (no 31 February), ignoring case, {@code yyyy} meaning our era. */
    static DateTimeFormatter formatter(String pattern, Locale locale) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                .parseDefaulting(ChronoField.ERA, 1).toFormatter(locale).withResolverStyle(ResolverStyle.STRICT);
    }

    private static String problemWith(String pattern, Locale locale) {
        if (pattern.equals(EPOCH_SECONDS) || pattern.equals(EPOCH_MILLIS)) {
            return null;
        }
        DateTimeFormatter formatter;
        try {
            formatter = formatter(pattern, locale);
        } catch (IllegalArgumentException e) {
            return "'" + pattern + "' is not a valid date pattern: " + e.getMessage();
        }
        try {
            formatter.parse(formatter.format(PROBE), LocalDate::from);
            return null;
        } catch (RuntimeException e) {
            return "'" + pattern + "' does not give a full date (it needs year, month and day, e.g. dd/MM/yyyy)";
        }
    }
}
