package br.com.etlvendas.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The parts of the pipeline one process may run. Processes running the same role share its work through
 * Kafka's own group rebalancing: {@code transform} through the Streams application id, {@code load} through
 * the loader's consumer group.
 */
enum Role {
    /** The configured sources (S3, directories, JDBC, HTTP) and the generator when enabled. */
    EXTRACT,
    /** The Kafka Streams pipeline: {@code sales.raw} to {@code sales.clean}, the DLQ and the KPI totals. */
    TRANSFORM,
    /** The warehouse loader: {@code sales.clean} into PostgreSQL. */
    LOAD,
    /** The KPI view, the dashboard with its API, and the webhook. */
    SERVE;

    static final Set<Role> ALL = EnumSet.allOf(Role.class);

    /** The name users type, e.g. {@code transform}. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String validLabels() {
        return Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", "));
    }

    /**
     * The roles of a comma-separated list such as {@code transform,load}; every unknown name is reported at
     * once, with the valid ones.
     */
    static Set<Role> parse(String list) {
        if (list == null || list.isBlank()) {
            throw new IllegalArgumentException("--roles is empty; name one or more of: " + validLabels());
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        List<String> unknown = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            String name = part.strip();
            Role role = Arrays.stream(values()).filter(r -> r.label().equals(name.toLowerCase(Locale.ROOT))).findFirst()
                    .orElse(null);
            if (role == null) {
                unknown.add("'" + name + "'");
            } else {
                roles.add(role);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("--roles '" + list + "': unknown role " + String.join(", ", unknown)
                    + "; valid roles: " + validLabels());
        }
        return roles;
    }

    static String labels(Set<Role> roles) {
        return roles.stream().map(Role::label).collect(Collectors.joining(","));
    }
}
