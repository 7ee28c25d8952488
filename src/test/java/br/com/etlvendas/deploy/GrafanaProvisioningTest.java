package br.com.etlvendas.deploy;

import br.com.etlvendas.serve.MetricsSamples;
import br.com.etlvendas.serve.PipelineMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/grafana/provisioning checked without a Grafana server (there is none here): the dashboards name their
 * datasources by a uid the datasources file provisions, every panel has a query, the SQL panels read the warehouse's
 * {@code sale_line}, every metric a Prometheus panel uses is one {@code /metrics} exposes (names read from a real
 * scrape of {@link PipelineMetrics}), and the dashboard provider reads the folder Compose mounts.
 */
class GrafanaProvisioningTest {

    private static final Path PROVISIONING = Path.of("deploy", "grafana", "provisioning");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Names of our metrics in a PromQL expression: the product's own and the JVM's (PromQL functions are not). */
    private static final Pattern METRIC = Pattern.compile("\\b((?:etl|jvm|process)_[a-zA-Z0-9_]+)\\b");

    private static Map<String, String> datasourceTypesByUid() throws IOException {
        Map<String, String> types = new HashMap<>();
        for (JsonNode ds : YAML.readTree(PROVISIONING.resolve("datasources/datasources.yml").toFile()).path("datasources")) {
            types.put(ds.path("uid").asText(), ds.path("type").asText());
        }
        return types;
    }

    private static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(PROVISIONING.resolve("dashboards"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static List<JsonNode> panels(Path dashboard) throws IOException {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode p : JSON.readTree(dashboard.toFile()).path("panels")) {
            if ("row".equals(p.path("type").asText())) {
                p.path("panels").forEach(panels::add);
            } else {
                panels.add(p);
            }
        }
        return panels;
    }

    @Test
    void shouldProvisionAPostgresDatasourceOnTheWarehouseAndAPrometheusOne() throws IOException {
        Map<String, String> types = datasourceTypesByUid();

        assertThat(types).containsEntry("etl-vendas-warehouse", "grafana-postgresql-datasource")
                .containsEntry("etl-vendas-prometheus", "prometheus");
    }

    @Test
    void shouldLoadTheDashboardsFromTheFolderComposeMounts() throws IOException {
        JsonNode providers = YAML.readTree(PROVISIONING.resolve("dashboards/dashboards.yml").toFile()).path("providers");
        ComposeFile compose = ComposeFile.load(Path.of("deploy", "compose.yml"), Path.of("deploy", ".env.example"));

        assertThat(providers).hasSize(1);
        assertThat(providers.get(0).path("options").path("path").asText()).isEqualTo("/etc/grafana/provisioning/dashboards");
        assertThat(String.valueOf(compose.service("grafana").get("volumes")))
                .contains("./grafana/provisioning:/etc/grafana/provisioning");
        assertThat(dashboards()).isNotEmpty();
    }

    @Test
    void shouldNameEveryPanelsDatasourceByAProvisionedUidAndGiveEveryPanelAQuery() throws IOException {
        Map<String, String> types = datasourceTypesByUid();
        for (Path dashboard : dashboards()) {
            List<JsonNode> panels = panels(dashboard);
            assertThat(panels).as(dashboard + " panels").isNotEmpty();
            for (JsonNode p : panels) {
                String name = dashboard.getFileName() + " panel '" + p.path("title").asText() + "'";
                JsonNode ds = p.path("datasource");
                assertThat(types).as(name + " datasource uid").containsEntry(ds.path("uid").asText(), ds.path("type").asText());
                assertThat(p.path("targets")).as(name + " queries").isNotEmpty();
                for (JsonNode t : p.path("targets")) {
                    JsonNode tds = t.path("datasource");
                    assertThat(types).as(name + " query datasource uid").containsEntry(tds.path("uid").asText(), tds.path("type").asText());
                    String query = query(t, tds.path("type").asText());
                    assertThat(query).as(name + " query text").isNotBlank();
                }
            }
        }
    }

    @Test
    void shouldHaveThePanelsTheIssueAsksFor() throws IOException {
        Set<String> titles = new HashSet<>();
        for (Path dashboard : dashboards()) {
            panels(dashboard).forEach(p -> titles.add(p.path("title").asText()));
        }

        assertThat(titles).contains("Revenue over time", "Orders", "Top products", "Revenue by state", "Lines/s per stage",
                "Consumer lag", "DLQ records by stage");
    }

    @Test
    void shouldReadTheWarehouseTableNotViewsInSqlPanels() throws IOException {
        for (Path dashboard : dashboards()) {
            for (JsonNode p : panels(dashboard)) {
                for (JsonNode t : p.path("targets")) {
                    if (t.path("datasource").path("type").asText().contains("postgres")) {
                        assertThat(t.path("rawSql").asText()).as(p.path("title").asText())
                                .containsPattern("FROM sale_line\\b").contains("$__timeFilter(sold_at)");
                    }
                }
            }
        }
    }

    @Test
    void shouldUseOnlyMetricsThatMetricsExposes() throws IOException {
        Set<String> exposed;
        try (PipelineMetrics metrics = MetricsSamples.metrics()) {
            exposed = MetricsSamples.sampleNames(metrics.scrape());
        }
        Set<String> used = new HashSet<>();
        for (Path dashboard : dashboards()) {
            for (JsonNode p : panels(dashboard)) {
                for (JsonNode t : p.path("targets")) {
                    if ("prometheus".equals(t.path("datasource").path("type").asText())) {
                        Matcher m = METRIC.matcher(t.path("expr").asText());
                        boolean any = false;
                        while (m.find()) {
                            used.add(m.group(1));
                            any = true;
                        }
                        assertThat(any).as(p.path("title").asText() + " uses one of our metrics: " + t.path("expr").asText()).isTrue();
                    }
                }
            }
        }

        assertThat(used).contains("etl_lines_total", "etl_consumer_lag_records", "etl_dlq_records_total");
        assertThat(exposed).as("names a scrape of /metrics shows").containsAll(used);
    }

    private static String query(JsonNode target, String type) {
        return type.equals("prometheus") ? target.path("expr").asText() : target.path("rawSql").asText();
    }
}
