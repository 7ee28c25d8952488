package br.com.etlvendas.config;

import java.util.Locale;

/** The topics the pipeline uses, by role; their names and layout come from {@code config/topics.yml}. */
public enum TopicId {
    RAW("sales.raw", "delete"),
    CLEAN("sales.clean", "delete"),
    DLQ("sales.dlq", "delete"),
    FILES("etl.files", "compact"),
    KPI_TOTALS("sales.kpi.totals", "compact"),
    KPI_WINDOWS("sales.kpi.windows", "compact"),
    KPI_WINDOW_PRODUCTS("sales.kpi.window-products", "compact"),
    KPI_LATE_EVENTS("sales.kpi.late-events", "compact"),
    SOURCE_STATE("etl.source.state", "compact"),
    CATALOG_PRODUCTS("catalog.products", "compact"),
    CATALOG_STORES("catalog.stores", "compact");

    private final String defaultName;
    private final String defaultCleanupPolicy;

    TopicId(String defaultName, String defaultCleanupPolicy) {
        this.defaultName = defaultName;
        this.defaultCleanupPolicy = defaultCleanupPolicy;
    }

    /** The key used for this topic in {@code topics.yml}, e.g. {@code kpi-totals}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public String defaultName() {
        return defaultName;
    }

    public String defaultCleanupPolicy() {
        return defaultCleanupPolicy;
    }
}
