package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.ConfigReader;
import br.com.etlvendas.extract.dlq.DlqFilter;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The options that choose DLQ records, shared by {@code dlq list} and {@code dlq replay}; every one given must hold. */
final class DlqSelection {

    static final String COMMAND = "dlq";

    @Option(names = "--stage", paramLabel = "STAGE", description = "only records rejected at this stage: validate or load")
    String stage;

    @Option(names = "--reason", paramLabel = "TEXT", description = "only records with a reason containing this text (any case)")
    String reason;

    @Option(names = "--source", paramLabel = "SOURCE", description = "only records of this source (an ingest run also "
            + "by its mapping's source name or its run id)")
    String source;

    @Option(names = "--since", paramLabel = "TIME", description = "only records rejected since then: 2026-11-29T10:00:00Z, "
            + "2026-11-29 (UTC), or a duration ago (30m, 2h, 7d)")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "at most this many records (the oldest first)")
    Integer limit;

    /** The filter these options say, with {@code ids} as {@code partition:offset}; every problem is added to {@code problems}. */
    DlqFilter filter(List<String> ids, Clock clock, List<ConfigProblem> problems) {
        Set<String> idSet = new LinkedHashSet<>();
        for (String id : ids) {
            String t = id.strip();
            if (!t.matches("\\d{1,9}:\\d{1,18}")) {
                problems.add(new ConfigProblem(COMMAND, "--ids", "'" + id + "' is not a DLQ id: write partition:offset, "
                        + "e.g. 0:17, as dlq list shows them"));
            } else {
                idSet.add(Integer.parseInt(t.substring(0, t.indexOf(':'))) + ":" + Long.parseLong(t.substring(t.indexOf(':') + 1)));
            }
        }
        if (limit != null && limit < 1) {
            problems.add(new ConfigProblem(COMMAND, "--limit", "must be at least 1, got " + limit));
        }
        if (stage != null && stage.isBlank()) {
            problems.add(new ConfigProblem(COMMAND, "--stage", "must not be empty"));
        }
        return new DlqFilter(Optional.ofNullable(stage).map(String::strip), Optional.ofNullable(reason),
                Optional.ofNullable(source).map(String::strip), Optional.ofNullable(since).flatMap(s -> instant(s, clock, problems)),
                idSet);
    }

    /** An instant, a UTC date, or a duration before now. */
    static Optional<Instant> instant(String text, Clock clock, List<ConfigProblem> problems) {
        String t = text.strip();
        try {
            return Optional.of(Instant.parse(t));
        } catch (DateTimeException notAnInstant) {
            try {
                return Optional.of(LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeException notADate) {
                Optional<Instant> ago = ConfigReader.parseDuration(t).map(d -> clock.instant().minus(d));
                if (ago.isEmpty()) {
                    problems.add(new ConfigProblem(COMMAND, "--since", "'" + text + "' is neither an instant "
                            + "(2026-11-29T10:00:00Z), a date (2026-11-29) nor a duration ago (30m, 2h, 7d)"));
                }
                return ago;
            }
        }
    }

    /** The first {@code limit} records, or all. */
    <T> List<T> limited(List<T> records) {
        return limit == null || records.size() <= limit ? records : records.subList(0, limit);
    }
}
