package br.com.etlvendas.cli;

import br.com.etlvendas.bench.LakeBenchmark;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.LoadedConfig;
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
import java.util.EnumSet;
import java.util.concurrent.Callable;

/**
 * {@code bench lake}: the lake writer from {@code sales.clean} to a local lake against DuckDB writing the same rows
 * to Parquet directly, both measured in this run, on fresh embedded servers in a temporary directory, with the lake
 * settings of the configuration ({@code roll-lines}, {@code roll-interval}, {@code memory-limit-mb}).
 */
@Command(name = "lake", description = "Measure the lake writer (sales.clean -> Parquet) against DuckDB writing the same rows to Parquet, in the same run.")
final class LakeBenchCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Option(names = "--lines", defaultValue = "500000", description = "lines written to the lake (default: ${DEFAULT-VALUE})")
    long lines;

    @Mixin
    BenchRun run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (lines < 1000) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--lines must be at least 1000");
        }
        LoadedConfig user = files.load();
        return run.onFreshServers("lake", out, dir -> benchConfig(user, files.topics, dir), (config, infra, stop, dir) -> {
            PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra, EnumSet.of(Role.TRANSFORM)));
            Path work = Files.createDirectories(dir.resolve("work"));
            LakeBenchmark.Target target = new LakeBenchmark.Target(infra.bootstrapServers, runtime.topics,
                    user.etl().lake(), MappingLoader.load(run.mapping, System.getenv()),
                    config.etl().sources().s3().rowsPerTransaction(), work);
            LakeBenchmark.Result r = new LakeBenchmark(target, lines, run.sample).run(out);
            return r.exact() ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }

    /** Every server embedded on free ports under {@code dir}; the user's pipeline settings; no lake of its own. */
    private static LoadedConfig benchConfig(LoadedConfig user, Path topicsFile, Path dir) throws IOException {
        Path etl = dir.resolve("etl-config.yml");
        Files.writeString(etl, String.join("\n",
                "data-dir: " + dir.resolve("data"),
                "kafka:",
                "  bootstrap-servers: ''",
                "  embedded: {port: 0, controller-port: 0}",
                "warehouse:",
                "  jdbc-url: ''",
                "  embedded: {port: 0}",
                "s3:",
                "  endpoint: ''",
                "  embedded: {port: 0}",
                "sources:",
                "  generator: {enabled: false}",
                "  webhook: {enabled: false}",
                "  s3:",
                "    rows-per-transaction: " + user.etl().sources().s3().rowsPerTransaction(),
                "pipeline:",
                "  application-id: bench-lake-pipeline",
                "  commit-interval: " + user.etl().pipeline().commitInterval().toMillis() + "ms",
                "  stream-threads: " + user.etl().pipeline().streamThreads(),
                "dashboard: {host: 127.0.0.1, port: 0}",
                ""));
        return new ConfigLoader(System.getenv()).load(etl, topicsFile);
    }
}
