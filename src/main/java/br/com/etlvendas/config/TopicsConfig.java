package br.com.etlvendas.config;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Everything in {@code config/topics.yml}: one {@link TopicSpec} per {@link TopicId}. */
public record TopicsConfig(Map<TopicId, TopicSpec> topics) {

    public TopicsConfig {
        topics = Map.copyOf(topics);
    }

    public TopicSpec get(TopicId id) {
        return topics.get(id);
    }

    static TopicsConfig from(ConfigReader root) {
        ConfigReader defaults = root.section("defaults", "values used by every topic that does not set its own");
        int partitions = defaults.integer("partitions", 3, 1, 10_000, "number of partitions");
        int replication = defaults.integer("replication-factor", 1, 1, 32, "copies of each partition across brokers");
        Optional<Duration> retention = retention(defaults, Optional.of(Duration.ofDays(7)));

        ConfigReader section = root.section("topics", "one entry per topic, keyed by its role");
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        Set<String> names = new HashSet<>();
        for (TopicId id : TopicId.values()) {
            ConfigReader t = section.section(id.key(), "the " + id.defaultName() + " topic");
            String name = t.string("name", id.defaultName(), "topic name in Kafka");
            if (!name.matches("[A-Za-z0-9._-]{1,249}")) {
                t.problem(t.pathOf("name"), "is not a valid Kafka topic name: '" + name + "'");
            }
            if (!names.add(name)) {
                t.problem(t.pathOf("name"), "'" + name + "' is already used by another topic");
            }
            int p = t.integer("partitions", partitions, 1, 10_000, "number of partitions");
            int r = t.integer("replication-factor", replication, 1, 32, "copies of each partition across brokers");
            Optional<Duration> ret = retention(t, retention);
            String cleanup = t.oneOf("cleanup-policy", id.defaultCleanupPolicy(), List.of("delete", "compact", "compact,delete"),
                    "delete old segments, keep the last value per key, or both");
            specs.put(id, new TopicSpec(name, p, (short) r, ret, cleanup));
        }
        return new TopicsConfig(specs);
    }

    private static Optional<Duration> retention(ConfigReader r, Optional<Duration> fallback) {
        Optional<String> raw = r.optionalString("retention", "how long records are kept: a duration such as 7d, or 'forever'");
        if (raw.isEmpty()) {
            return fallback;
        }
        if (raw.get().equalsIgnoreCase("forever")) {
            return Optional.empty();
        }
        Optional<Duration> d = ConfigReader.parseDuration(raw.get());
        if (d.isEmpty() || d.get().isNegative() || d.get().isZero()) {
            r.problem(r.pathOf("retention"), "must be a positive duration such as 12h or 7d, or 'forever', got '" + raw.get() + "'");
            return fallback;
        }
        return d;
    }
}
