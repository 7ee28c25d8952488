package br.com.etlvendas.config;

import java.nio.file.Path;

/** Everything in {@code config/etl-config.yml}, validated. Each room receives only its own section. */
public record EtlConfig(Path dataDir, KafkaConfig kafka, WarehouseConfig warehouse, S3Config s3,
                        SourcesConfig sources, PipelineConfig pipeline, DashboardConfig dashboard,
                        TransformationsConfig transformations, LakeConfig lake, KpiWindowsConfig kpiWindows,
                        ReportingConfig reporting, EnrichmentConfig enrichment) {

    public GeneratorConfig generator() {
        return sources.generator();
    }

    static EtlConfig from(ConfigReader root) {
        Path dataDir = Path.of(root.string("data-dir", "./data",
                "directory holding the embedded servers' data, so a restarted demo keeps its warehouse"));
        KafkaConfig kafka = KafkaConfig.from(root.section("kafka", "the Kafka cluster"));
        WarehouseConfig warehouse = WarehouseConfig.from(root.section("warehouse", "the PostgreSQL warehouse"));
        S3Config s3 = S3Config.from(root.section("s3", "the S3-compatible object store"));
        SourcesConfig sources = SourcesConfig.from(root.section("sources", "where raw sales come from"));
        PipelineConfig pipeline = PipelineConfig.from(root.section("pipeline", "the Kafka Streams stage"));
        DashboardConfig dashboard = DashboardConfig.from(root.section("dashboard", "the dashboard and REST API"));
        TransformationsConfig transformations = TransformationsConfig.from(root);
        LakeConfig lake = LakeConfig.from(root.section("lake", "the Parquet data lake written by the load role"), dataDir);
        KpiWindowsConfig kpiWindows = KpiWindowsConfig.from(root.section("kpi-windows",
                "windowed KPIs (revenue, orders, lines, units by window and dimension; top products)"));
        ReportingConfig reporting = ReportingConfig.from(root.section("reporting", "the currency money is shown in"));
        EnrichmentConfig enrichment = EnrichmentConfig.from(root.section("enrichment",
                "product and store catalogues whose fields are added to each sale line"));
        if (s3.embedded() && sources.s3().after() == S3SourceConfig.AfterProcessing.TAG) {
            root.problem("sources.s3.after-processing", "the embedded S3 server does not support object tags; "
                    + "use keep or move, or configure s3.endpoint to an S3 service that does");
        }
        return new EtlConfig(dataDir, kafka, warehouse, s3, sources, pipeline, dashboard, transformations, lake, kpiWindows,
                reporting, enrichment);
    }
}
