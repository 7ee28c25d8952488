package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.config.WebhookConfig;
import br.com.etlvendas.extract.http.WebhookHandler;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.extract.mapping.RowMapper;
import java.time.Clock;
import br.com.etlvendas.load.postgres.WarehouseDataSource;
import br.com.etlvendas.load.postgres.WarehouseLoader;
import br.com.etlvendas.load.postgres.WarehouseSchema;
import br.com.etlvendas.sale.TopicProvisioner;
import br.com.etlvendas.sale.Topics;
import br.com.etlvendas.serve.DashboardServer;
import br.com.etlvendas.serve.KpiTotalsView;
import br.com.etlvendas.transform.SalesPipeline;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stages of the pipeline started on given infrastructure: topics, warehouse schema, Kafka Streams,
 * the warehouse loader, the KPI view and the dashboard. Closing stops them in reverse order: Streams
 * commits, the loader finishes its transaction, then the readers and the web server stop.
 */
final class PipelineRuntime implements AutoCloseable {

    final Topics topics;
    final HikariDataSource warehouse;
    final SalesPipeline pipeline;
    final WarehouseLoader loader;
    final KpiTotalsView kpis;
    final DashboardServer dashboard;
    private final WebhookHandler webhook;
    private final List<Thread> threads = new ArrayList<>();

    PipelineRuntime(LoadedConfig config, Infrastructure infra) {
        this.topics = Topics.from(config.topics());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers))) {
            List<String> mismatches = TopicProvisioner.ensure(admin, config.topics());
            if (!mismatches.isEmpty()) {
                throw new IllegalStateException(String.join("\n", mismatches));
            }
        }
        this.warehouse = WarehouseDataSource.create(infra.jdbcUrl, infra.dbUser, infra.dbPassword.reveal(), "warehouse");
        WarehouseSchema.migrate(warehouse);
        this.pipeline = new SalesPipeline(topics, config.etl().pipeline(), infra.bootstrapServers,
                config.etl().dataDir().resolve("streams")).start();
        this.loader = new WarehouseLoader(warehouse, topics.clean(), topics.dlq(), infra.bootstrapServers,
                config.etl().warehouse());
        this.kpis = new KpiTotalsView(topics.kpiTotals(), infra.bootstrapServers);
        startThread(loader, "warehouse-loader");
        startThread(kpis, "kpi-view");
        List<DashboardServer.Routes> routes = new ArrayList<>();
        WebhookConfig webhookConfig = config.etl().sources().webhook();
        if (webhookConfig.enabled()) {
            this.webhook = new WebhookHandler(webhookConfig, topics, infra.bootstrapServers,
                    config.etl().pipeline().applicationId() + "-webhook",
                    webhookConfig.mapping().map(m -> new RowMapper(MappingLoader.load(m, System.getenv()))), Clock.systemUTC());
            routes.add(webhook::register);
        } else {
            this.webhook = null;
        }
        this.dashboard = new DashboardServer(config.etl().dashboard(), kpis, this::health, routes).start();
    }

    private void startThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.start();
        threads.add(t);
    }

    Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        KafkaStreams.State streams = pipeline.state();
        boolean streamsUp = streams == KafkaStreams.State.RUNNING || streams == KafkaStreams.State.REBALANCING;
        boolean loaderUp = loader.failure() == null;
        h.put("status", streamsUp && loaderUp ? "UP" : "DOWN");
        h.put("streams", streams.name());
        h.put("loader", loaderUp ? "RUNNING" : "FAILED: " + loader.failure().getMessage());
        h.put("loadedLines", loader.loadedLines());
        return h;
    }

    @Override
    public void close() {
        pipeline.close();
        loader.close();
        kpis.close();
        for (Thread t : threads) {
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        dashboard.close();
        if (webhook != null) {
            webhook.close();
        }
        warehouse.close();
    }
}
