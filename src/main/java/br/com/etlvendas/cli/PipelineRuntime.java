package br.com.etlvendas.cli;

import br.com.etlvendas.config.LakeConfig;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.config.WarehouseConfig;
import br.com.etlvendas.config.WebhookConfig;
import br.com.etlvendas.extract.catalog.CatalogReader;
import br.com.etlvendas.extract.catalog.CatalogRefresher;
import br.com.etlvendas.extract.generator.GeneratorSource;
import br.com.etlvendas.extract.http.WebhookHandler;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.load.lake.LakeStore;
import br.com.etlvendas.load.lake.LakeWriter;
import br.com.etlvendas.load.lake.LocalLakeStore;
import br.com.etlvendas.load.lake.S3LakeStore;
import br.com.etlvendas.load.postgres.WarehouseDataSource;
import br.com.etlvendas.load.postgres.WarehouseLoader;
import br.com.etlvendas.load.postgres.WarehouseSchema;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.extract.dlq.DlqReader;
import br.com.etlvendas.serve.CurrencyConverter;
import br.com.etlvendas.serve.DashboardApi;
import br.com.etlvendas.serve.DashboardServer;
import br.com.etlvendas.serve.DlqStageCounts;
import br.com.etlvendas.serve.OperationsRoutes;
import br.com.etlvendas.serve.PipelineMetrics;
import br.com.etlvendas.serve.Readiness;
import br.com.etlvendas.serve.KpiTotalsView;
import br.com.etlvendas.serve.RecentFiles;
import br.com.etlvendas.serve.KpiWindowHandler;
import br.com.etlvendas.serve.KpiWindowsView;
import br.com.etlvendas.transform.PoisonRecords;
import br.com.etlvendas.transform.SalesPipeline;
import br.com.etlvendas.transform.step.TransformationChain;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The stages of the pipeline a process runs, started on given infrastructure: the topics are ensured in any
 * case; {@link Role#TRANSFORM} starts Kafka Streams, {@link Role#LOAD} migrates the warehouse schema and
 * starts the loader, {@link Role#SERVE} the KPI view, the dashboard and the webhook. Closing stops them in
 * reverse order: Streams commits, the loader finishes its transaction, then the readers and the web server stop.
 * ({@link Role#EXTRACT} is {@link SourcesRuntime}'s.)
 */
final class PipelineRuntime implements AutoCloseable {

    final Topics topics;
    private final Set<Role> roles;
    private final HikariDataSource warehouse;
    private final SalesPipeline pipeline;
    private final WarehouseLoader loader;
    private final LakeWriter lake;
    private final S3Client lakeS3;
    private final KpiTotalsView kpis;
    private final KpiWindowsView kpiWindows;
    private final DashboardServer dashboard;
    private final HikariDataSource dashboardWarehouse;
    private final DashboardApi dashboardApi;
    private final WebhookHandler webhook;
    private final Readiness readiness = new Readiness();
    private final Admin readinessAdmin;
    private final DlqStageCounts dlqCounts;
    private final PipelineMetrics metrics;
    private final List<Thread> threads = new ArrayList<>();
    private final CatalogRefresher catalogues;
    /** How many of the source files seen last the dashboard's pipeline panel lists. */
    private static final int RECENT_FILES = 5;
    private RecentFiles recentFiles;
    private final Thread catalogueThread;

    /** Every stage, as {@code demo} and {@code ingest} run them. */
    PipelineRuntime(LoadedConfig config, Infrastructure infra) {
        this(config, infra, Role.ALL);
    }

    PipelineRuntime(LoadedConfig config, Infrastructure infra, Set<Role> roles) {
        this.roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
        this.topics = provisionTopics(config, infra.bootstrapServers);
        this.warehouse = roles.contains(Role.LOAD)
                ? loadingWarehouse(infra, "warehouse", config.etl().warehouse()) : null;
        this.catalogues = roles.contains(Role.TRANSFORM) && config.etl().enrichment().enabled()
                ? publishedCatalogues(config, topics, infra.bootstrapServers) : null;
        if (catalogues != null) {
            this.catalogueThread = new Thread(catalogues, "catalog-refresher");
            catalogueThread.setDaemon(true);
            catalogueThread.start();
        } else {
            this.catalogueThread = null;
        }
        this.pipeline = roles.contains(Role.TRANSFORM) ? new SalesPipeline(topics, config.etl().pipeline(),
                TransformationChain.build(config.etl().transformations()), config.etl().kpiWindows(), config.etl().enrichment(),
                infra.bootstrapServers,
                config.etl().dataDir().resolve("streams")).start() : null;
        if (roles.contains(Role.LOAD)) {
            this.loader = new WarehouseLoader(warehouse, topics.clean(), topics.dlq(), infra.bootstrapServers,
                    config.etl().warehouse());
            startThread(loader, "warehouse-loader");
        } else {
            this.loader = null;
        }
        LakeConfig lakeConfig = config.etl().lake();
        if (roles.contains(Role.LOAD) && lakeConfig.enabled()) {
            this.lakeS3 = lakeConfig.target() == LakeConfig.Target.S3 ? infra.s3Client() : null;
            LakeStore store = lakeS3 != null ? new S3LakeStore(lakeS3, infra.bucket, lakeConfig.prefix())
                    : new LocalLakeStore(lakeConfig.localPath());
            this.lake = new LakeWriter(topics.clean(), store, infra.bootstrapServers, lakeConfig,
                    config.etl().warehouse().sessionTimeout(), config.etl().dataDir().resolve("lake-work"), Clock.systemUTC(),
                    LakeWriter.BatchStoredHook.NONE);
            startThread(lake, "lake-writer");
        } else {
            this.lake = null;
            this.lakeS3 = null;
        }
        if (roles.contains(Role.SERVE)) {
            this.kpis = new KpiTotalsView(topics.kpiTotals(), infra.bootstrapServers);
            startThread(kpis, "kpi-view");
            CurrencyConverter currencies = new CurrencyConverter(config.etl().reporting());
            List<DashboardServer.Routes> routes = new ArrayList<>();
            if (config.etl().kpiWindows().enabled()) {
                this.kpiWindows = new KpiWindowsView(topics.kpiWindows(), topics.kpiWindowProducts(), topics.kpiLateEvents(),
                        currencies, infra.bootstrapServers);
                startThread(kpiWindows, "kpi-windows-view");
            } else {
                this.kpiWindows = null;
            }
            routes.add(new KpiWindowHandler(kpiWindows == null ? KpiWindowsView.empty(topics) : kpiWindows,
                    config.etl().kpiWindows())::register);
            this.dashboardWarehouse = WarehouseDataSource.create(infra.jdbcUrl, infra.dbUser, infra.dbPassword.reveal(), "dashboard");
            this.recentFiles = new RecentFiles(topics.files(), infra.bootstrapServers);
            startThread(recentFiles, "recent-files-view");
            this.dashboardApi = new DashboardApi(dashboardWarehouse, config.etl().kpiWindows().zone(), kpis, this::health,
                    new DlqReader(topics.dlq(), infra.bootstrapServers), () -> recentFiles.latest(RECENT_FILES), Clock.systemUTC(),
                    config.etl().dashboard().refreshInterval());
            routes.add(dashboardApi::register);
            this.readinessAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000", AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000"));
            this.dlqCounts = new DlqStageCounts(topics.dlq(), infra.bootstrapServers);
            startThread(dlqCounts, "dlq-metrics");
            addReadinessChecks(infra);
            this.metrics = new PipelineMetrics(kpis::bySource, dlqCounts::counts, readiness, new PipelineMetrics.Stages(
                    pipeline == null ? null : pipeline::metrics, topics.raw().name(),
                    loader == null ? null : loader::consumerMetrics, topics.clean().name(),
                    loader == null ? null : loader::loadedLines, loader == null ? null : loader.latency()::total));
            routes.add(new OperationsRoutes(metrics, readiness)::register);
            WebhookConfig webhookConfig = config.etl().sources().webhook();
            if (webhookConfig.enabled()) {
                this.webhook = new WebhookHandler(webhookConfig, topics, infra.bootstrapServers,
                        webhookTransactionalId(config), webhookConfig.mapping()
                                .map(m -> new RowMapper(MappingLoader.load(m, System.getenv()))), Clock.systemUTC());
                routes.add(webhook::register);
            } else {
                this.webhook = null;
            }
            this.dashboard = new DashboardServer(config.etl().dashboard(), kpis, currencies, this::health, routes).start();
        } else {
            this.kpis = null;
            this.kpiWindows = null;
            this.webhook = null;
            this.dashboard = null;
            this.dashboardWarehouse = null;
            this.dashboardApi = null;
            this.readinessAdmin = null;
            this.dlqCounts = null;
            this.metrics = null;
        }
    }

    /**
     * The enrichment catalogues read and published before Kafka Streams starts, so that the first sales are
     * enriched; a catalogue that cannot be read stops the start as a configuration problem (exit 2).
     */
    private static CatalogRefresher publishedCatalogues(LoadedConfig config, Topics topics, String bootstrapServers) {
        CatalogRefresher refresher = new CatalogRefresher(config.etl().enrichment(), topics, bootstrapServers);
        try {
            refresher.refresh();
        } catch (CatalogReader.CatalogException e) {
            throw e.asConfigProblem();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing the enrichment catalogues", e);
        }
        return refresher;
    }

    /**
     * What {@code /ready} checks in this process: Kafka answering, then each stage it runs (sources are added by
     * {@link #watchSources} and {@link #watchGenerator} once started).
     */
    private void addReadinessChecks(Infrastructure infra) {
        readiness.add("kafka", () -> {
            int brokers = readinessAdmin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
            return brokers > 0 ? Readiness.Status.ready(brokers + " broker(s) reachable")
                    : Readiness.Status.notReady("the cluster lists no broker");
        });
        if (pipeline != null) {
            readiness.add("streams", () -> {
                SalesPipeline.Health h = pipeline.health();
                return "RUNNING".equals(h.state()) && h.up() ? Readiness.Status.ready("RUNNING")
                        : Readiness.Status.notReady(h.reason() != null ? h.reason() : "Kafka Streams is " + h.state());
            });
        }
        if (loader != null) {
            readiness.add("loader", () -> {
                if (loader.failure() != null) {
                    return Readiness.Status.notReady("FAILED: " + loader.failure().getMessage());
                }
                int partitions = loader.assignedPartitions();
                return partitions < 0 ? Readiness.Status.notReady("not yet in its consumer group")
                        : Readiness.Status.ready("RUNNING, " + partitions + " partition(s) of " + topics.clean().name());
            });
            readiness.add("warehouse", () -> warehouseAnswers(infra));
        }
        if (lake != null) {
            readiness.add("lake", () -> lake.failure() == null ? Readiness.Status.ready("RUNNING")
                    : Readiness.Status.notReady("FAILED: " + lake.failure().getMessage()));
        }
        readiness.add("dashboard", () -> {
            List<String> stopped = threads.stream().filter(t -> t.getName().equals("kpi-view") || t.getName().equals("dlq-metrics")
                    || t.getName().equals("kpi-windows-view")).filter(t -> !t.isAlive()).map(Thread::getName).toList();
            return stopped.isEmpty() ? Readiness.Status.ready("serving; KPI readers running")
                    : Readiness.Status.notReady("readers stopped: " + String.join(", ", stopped));
        });
    }

    /** A connection of its own, not the loader's pool: the check must answer within seconds even while the pool waits. */
    private static Readiness.Status warehouseAnswers(Infrastructure infra) throws Exception {
        Properties p = new Properties();
        p.setProperty("user", infra.dbUser);
        p.setProperty("password", infra.dbPassword.reveal());
        p.setProperty("connectTimeout", "2");
        p.setProperty("loginTimeout", "2");
        p.setProperty("socketTimeout", "2");
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl, p)) {
            return c.isValid(2) ? Readiness.Status.ready("answering") : Readiness.Status.notReady("connection not valid");
        }
    }

    /** Adds each source of {@code sources} to {@code /ready} (and {@code etl_source_running}): ready while it runs. */
    void watchSources(SourcesRuntime sources) {
        sources.threads().forEach(t -> readiness.add(PipelineMetrics.SOURCE_PREFIX + t.getName(), () -> t.isAlive()
                ? Readiness.Status.ready("RUNNING") : Readiness.Status.notReady("STOPPED (see the log for why)")));
    }

    /** Adds the generator running on {@code thread}: ready while it runs and once it produced its sales without a failed send. */
    void watchGenerator(GeneratorSource generator, Thread thread) {
        readiness.add(PipelineMetrics.SOURCE_PREFIX + "generator", () -> {
            if (thread.isAlive()) {
                return Readiness.Status.ready("RUNNING");
            }
            return generator.failedSends() == 0 ? Readiness.Status.ready("FINISHED")
                    : Readiness.Status.notReady("STOPPED; " + generator.failedSends() + " sends failed");
        });
    }

    Readiness readiness() {
        return readiness;
    }

    /** Creates the configured topics that are missing; refuses to go on when an existing one has another layout. */
    static Topics provisionTopics(LoadedConfig config, String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<String> mismatches = TopicProvisioner.ensure(admin, config.topics());
            if (!mismatches.isEmpty()) {
                throw new IllegalStateException(String.join("\n", mismatches));
            }
        }
        return Topics.from(config.topics());
    }

    /** A connection pool on the warehouse, its schema migrated to the current version. */
    static HikariDataSource migratedWarehouse(Infrastructure infra, String poolName) {
        return migratedWarehouse(infra, poolName, 4);
    }

    /**
     * A pool for the loader and whoever else loads: one connection per writer, and room for the offset reads at a
     * rebalance, the reachability checks after a failure and the reconciliation queries beside them.
     */
    static HikariDataSource loadingWarehouse(Infrastructure infra, String poolName, WarehouseConfig config) {
        return migratedWarehouse(infra, poolName, config.writers() + 3);
    }

    private static HikariDataSource migratedWarehouse(Infrastructure infra, String poolName, int maxConnections) {
        HikariDataSource ds = WarehouseDataSource.create(infra.jdbcUrl, infra.dbUser, infra.dbPassword.reveal(), poolName,
                maxConnections);
        try {
            WarehouseSchema.migrate(ds);
            return ds;
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /**
     * One transactional id per webhook process: two serve processes with the same id would fence each other.
     * It stays the same across restarts of a process on a fixed port, so a restart aborts a transaction the
     * previous run left open; with a port picked at random the process id tells processes apart instead.
     */
    private static String webhookTransactionalId(LoadedConfig config) {
        int port = config.etl().dashboard().port();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return config.etl().pipeline().applicationId() + "-webhook-" + host + "-"
                + (port != 0 ? Integer.toString(port) : "pid" + ProcessHandle.current().pid());
    }

    private void startThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.start();
        threads.add(t);
    }

    Set<Role> roles() {
        return roles;
    }

    HikariDataSource warehouse() {
        return running(warehouse, Role.LOAD);
    }

    WarehouseLoader loader() {
        return running(loader, Role.LOAD);
    }

    /** The lake writer, or null when the lake is off (or the load role runs elsewhere). */
    LakeWriter lakeOrNull() {
        return lake;
    }

    KpiTotalsView kpis() {
        return running(kpis, Role.SERVE);
    }

    DashboardServer dashboard() {
        return running(dashboard, Role.SERVE);
    }

    private static <T> T running(T stage, Role role) {
        if (stage == null) {
            throw new IllegalStateException("the " + role.label() + " role does not run in this process");
        }
        return stage;
    }

    /** The state of the stages this process runs, and only those: UP when each of them is. */
    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        boolean up = true;
        h.put("status", "UP");
        h.put("roles", roles.stream().map(Role::label).toList());
        if (pipeline != null) {
            SalesPipeline.Health streams = pipeline.health();
            up = streams.up();
            h.put("streams", streams.state());
            if (!streams.up()) {
                h.put("streamsDown", streams.reason());
            }
            h.put("streamThreadFailures", streams.threadFailures());
            h.put("poisonRecords", streams.poisonRecords());
            h.put("streamsLag", PipelineMetrics.totalLag(pipeline::metrics, topics.raw().name()));
            if (streams.lastPoisonRecord() != null) {
                PoisonRecords.Last last = streams.lastPoisonRecord();
                h.put("lastPoisonRecord", Map.of("stage", last.stage(), "exception", last.exception(), "at", last.at().toString()));
            }
        }
        if (loader != null) {
            up &= loader.failure() == null;
            h.put("loader", loader.failure() == null ? "RUNNING" : "FAILED: " + loader.failure().getMessage());
            h.put("loadedLines", loader.loadedLines());
            h.put("loaderLag", PipelineMetrics.totalLag(loader::consumerMetrics, topics.clean().name()));
        }
        if (lake != null) {
            up &= lake.failure() == null;
            h.put("lake", lake.failure() == null ? "RUNNING" : "FAILED: " + lake.failure().getMessage());
        }
        h.put("status", up ? "UP" : "DOWN");
        return h;
    }

    @Override
    public void close() {
        if (catalogues != null) {
            catalogues.close();
            catalogueThread.interrupt();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (loader != null) {
            loader.close();
        }
        if (lake != null) {
            lake.close();
        }
        if (kpis != null) {
            kpis.close();
        }
        if (recentFiles != null) {
            recentFiles.close();
        }
        if (kpiWindows != null) {
            kpiWindows.close();
        }
        if (dlqCounts != null) {
            dlqCounts.close();
        }
        for (Thread t : threads) {
            try {
                // the lake writer stores its open batches on its way out (a Parquet file and a PUT per sale date)
                t.join(t.getName().equals("lake-writer") ? 30_000 : 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dashboardApi != null) {
            dashboardApi.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (dashboardWarehouse != null) {
            dashboardWarehouse.close();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (readinessAdmin != null) {
            readinessAdmin.close(java.time.Duration.ofSeconds(2));
        }
        if (webhook != null) {
            webhook.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
        if (lakeS3 != null) {
            lakeS3.close();
        }
    }
}
