package br.com.etlvendas.cli;

import br.com.etlvendas.bench.EndToEndBenchmark;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.EnrichmentConfig;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.config.KpiWindowsConfig;
import br.com.etlvendas.config.PipelineConfig;
import br.com.etlvendas.config.WindowSize;
import br.com.etlvendas.extract.catalog.CatalogFiles;
import br.com.etlvendas.extract.catalog.CatalogReader;
import br.com.etlvendas.extract.mapping.MappingLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code bench e2e}: the whole pipeline against a plain COPY into the same table, both measured in this run,
 * on fresh embedded servers in a temporary data directory, with the pipeline settings of the configuration.
 */
@Command(name = "e2e", description = "Measure the whole pipeline (file -> Kafka -> Streams -> warehouse) against a plain COPY, in the same run.")
final class E2eBenchCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Option(names = "--lines", defaultValue = "1000000", description = "lines in the measured run (default: ${DEFAULT-VALUE})")
    long lines;

    @Option(names = "--warmup-lines", defaultValue = "500000", description = "lines run through first and not measured,"
            + " so the JIT has compiled the pipeline's code (default: ${DEFAULT-VALUE})")
    long warmupLines;

    @Option(names = "--latency-seconds", defaultValue = "30", description = "how long lines are paced at half the measured"
            + " capacity to measure latency (default: ${DEFAULT-VALUE})")
    int latencySeconds;

    @Mixin
    BenchRun run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (lines < 1000 || warmupLines < 0 || latencySeconds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--lines must be at least 1000, --warmup-lines at least 0 and --latency-seconds at least 1");
        }
        LoadedConfig user = files.load();
        return run.onFreshServers("e2e", out, dir -> benchConfig(user, files.topics, dir), (config, infra, stop, dir) -> {
            PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra));
            Path work = Files.createDirectories(dir.resolve("work"));
            EndToEndBenchmark.Target target = new EndToEndBenchmark.Target(infra.bootstrapServers, runtime.warehouse(),
                    runtime.topics, runtime.loader(), runtime.kpis(), config.etl().dataDir().resolve(Infrastructure.POSTGRES_DIR), work,
                    config.etl().pipeline().applicationId(), config.etl().pipeline().commitInterval(),
                    MappingLoader.load(run.mapping, System.getenv()), config.etl().sources().s3().rowsPerTransaction());
            EndToEndBenchmark.Result r = new EndToEndBenchmark(target,
                    new EndToEndBenchmark.Options(lines, warmupLines, Duration.ofSeconds(latencySeconds), run.sample)).run(out);
            return r.reconciled() ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }

    /** The user's pipeline and loader settings, with every server embedded on free ports under {@code dir}. */
    static LoadedConfig benchConfig(LoadedConfig user, Path topicsFile, Path dir) throws IOException {
        PipelineConfig pipeline = user.etl().pipeline();
        KpiWindowsConfig windows = user.etl().kpiWindows();
        Path etl = dir.resolve("etl-config.yml");
        Files.writeString(etl, String.join("\n",
                "data-dir: " + dir.resolve("data"),
                "kafka:",
                "  bootstrap-servers: ''",
                "  embedded: {port: 0, controller-port: 0}",
                "warehouse:",
                "  jdbc-url: ''",
                "  embedded: {port: 0}",
                "  loader:",
                "    consumer-group: bench-warehouse-loader",
                "    max-batch-rows: " + user.etl().warehouse().maxBatchRows(),
                "    writers: " + user.etl().warehouse().writers(),
                "s3:",
                "  endpoint: ''",
                "  embedded: {port: 0}",
                "sources:",
                "  generator: {enabled: false}",
                "  webhook: {enabled: false}",
                "  s3:",
                "    rows-per-transaction: " + user.etl().sources().s3().rowsPerTransaction(),
                "pipeline:",
                "  application-id: bench-pipeline",
                "  dedupe-retention: " + pipeline.dedupeRetention().toSeconds() + "s",
                "  commit-interval: " + pipeline.commitInterval().toMillis() + "ms",
                "  kpi-emit-interval: " + pipeline.kpiEmitInterval().toMillis() + "ms",
                "  stream-threads: " + pipeline.streamThreads(),
                "dashboard: {host: 127.0.0.1, port: 0}",
                // the windowed KPIs as the user runs them: part of the topology's cost per line
                "kpi-windows:",
                "  sizes: [" + windows.sizes().stream().map(WindowSize::label).collect(Collectors.joining(", ")) + "]",
                "  dimensions: [" + windows.dimensions().stream().map(d -> d.name().toLowerCase(Locale.ROOT))
                        .collect(Collectors.joining(", ")) + "]",
                "  zone: " + windows.zone().getId(),
                "  grace: " + windows.grace().toSeconds() + "s",
                "  top-products: " + windows.topProducts(),
                enrichment(user.etl().enrichment(), dir),
                ""));
        return new ConfigLoader(System.getenv()).load(etl, topicsFile);
    }

    /**
     * The user's enrichment, as part of the topology's cost per line: each configured catalogue read once (from its
     * file or database) and written to a CSV file in the bench's directory, so the run needs nothing outside it.
     */
    private static String enrichment(EnrichmentConfig config, Path dir) throws IOException {
        if (!config.enabled()) {
            return "";
        }
        StringBuilder yaml = new StringBuilder("enrichment:\n");
        try {
            if (config.products().isPresent()) {
                Path f = CatalogFiles.write(CatalogReader.read("products", config.products().get(),
                        EnrichmentConfig.PRODUCT_COLUMNS), EnrichmentConfig.PRODUCT_COLUMNS, dir.resolve("products.csv"));
                yaml.append("  products: {file: '").append(f).append("'}\n");
            }
            if (config.stores().isPresent()) {
                Path f = CatalogFiles.write(CatalogReader.read("stores", config.stores().get(),
                        EnrichmentConfig.STORE_COLUMNS), EnrichmentConfig.STORE_COLUMNS, dir.resolve("stores.csv"));
                yaml.append("  stores: {file: '").append(f).append("'}\n");
            }
        } catch (CatalogReader.CatalogException e) {
            throw e.asConfigProblem();
        }
        return yaml.toString();
    }
}
