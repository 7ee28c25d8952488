package br.com.etlvendas.config;

import java.time.Duration;

/** The Kafka Streams stage: its identity, de-duplication window and KPI publication pace. */
public record PipelineConfig(String applicationId, Duration dedupeRetention, Duration commitInterval,
                             Duration kpiEmitInterval, int streamThreads, Duration sessionTimeout) {

    /** Kafka's own default: how long a group waits for a silent member before giving its partitions to the others. */
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(45);
    /** The shortest session a Kafka broker accepts by default ({@code group.min.session.timeout.ms}). */
    public static final Duration MIN_SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** The longest session a Kafka broker accepts by default ({@code group.max.session.timeout.ms}). */
    public static final Duration MAX_SESSION_TIMEOUT = Duration.ofMinutes(30);

    /** One-thread pipeline with the given settings (tests). */
    public PipelineConfig(String applicationId, Duration dedupeRetention, Duration commitInterval, Duration kpiEmitInterval) {
        this(applicationId, dedupeRetention, commitInterval, kpiEmitInterval, 1, DEFAULT_SESSION_TIMEOUT);
    }

    static PipelineConfig from(ConfigReader p) {
        String id = p.string("application-id", "etl-vendas", "Kafka Streams application id (names its state and consumer group)");
        if (!id.matches("[A-Za-z0-9._-]+")) {
            p.problem(p.pathOf("application-id"), "may hold only letters, digits, '.', '_' and '-', got '" + id + "'");
        }
        Duration dedupe = p.duration("dedupe-retention", Duration.ofDays(7), Duration.ofMinutes(1), Duration.ofDays(365),
                "how long a (sale_id, line_no) is remembered to drop re-sent duplicates");
        Duration commit = p.duration("commit-interval", Duration.ofMillis(100), Duration.ofMillis(10), Duration.ofMinutes(10),
                "how often Kafka Streams commits its exactly-once transactions");
        Duration kpi = p.duration("kpi-emit-interval", Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofMinutes(10),
                "how often running KPI totals are published to the KPI topic");
        int threads = p.integer("stream-threads", 1, 1, 64,
                "Kafka Streams threads in this process: while one waits for its exactly-once commit, another processes");
        Duration session = p.duration("session-timeout", DEFAULT_SESSION_TIMEOUT, MIN_SESSION_TIMEOUT, MAX_SESSION_TIMEOUT,
                "how long the other processes of this application id wait for one that stopped answering (a crash, "
                        + "kill -9) before taking over its partitions");
        return new PipelineConfig(id, dedupe, commit, kpi, threads, session);
    }
}
