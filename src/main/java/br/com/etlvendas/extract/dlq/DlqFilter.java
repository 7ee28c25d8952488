package br.com.etlvendas.extract.dlq;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which DLQ records a DLQ command works on; every condition given must hold.
 *
 * @param stage  the stage that rejected it, e.g. {@code validate} or {@code load} (any case)
 * @param reason text one of its reasons contains (any case)
 * @param source its source's name; an {@code ingest} run's source also matches by its mapping's source name
 *               ({@code superstore} matches {@code ingest-20261129-103627-456a:superstore}) and by its run id
 * @param since  rejected at or after this instant
 * @param ids    its DLQ position is one of these {@code partition:offset}s; empty means any
 */
public record DlqFilter(Optional<String> stage, Optional<String> reason, Optional<String> source,
                        Optional<Instant> since, Set<String> ids) {

    public DlqFilter {
        ids = Set.copyOf(ids);
        reason = reason.map(r -> r.toLowerCase(Locale.ROOT));
    }

    public static DlqFilter all() {
        return new DlqFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of());
    }

    public boolean matches(DlqRecord r) {
        return (ids.isEmpty() || ids.contains(r.id()))
                && stage.map(s -> s.equalsIgnoreCase(r.stage())).orElse(true)
                && reason.map(text -> r.reasons().stream().anyMatch(x -> x.toLowerCase(Locale.ROOT).contains(text))).orElse(true)
                && source.map(s -> sourceMatches(s, r.source())).orElse(true)
                && since.map(t -> r.rejectedAt().map(at -> !at.isBefore(t)).orElse(false)).orElse(true);
    }

    private static boolean sourceMatches(String wanted, String source) {
        return source != null && (source.equals(wanted) || source.endsWith(":" + wanted) || source.startsWith(wanted + ":"));
    }
}
