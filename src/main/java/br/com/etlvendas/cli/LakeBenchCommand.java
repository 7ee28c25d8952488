package br.com.etlvendas.cli;

import br.com.etlvendas.bench.LakeBenchmark;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.mapping.MappingLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
        return run.onFreshServers("lake", out, dir -> E2eBenchCommand.benchConfig(user, files.topics, dir), (config, infra, stop, dir) -> {
            PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra, EnumSet.of(Role.TRANSFORM)));
            Path work = Files.createDirectories(dir.resolve("work"));
            LakeBenchmark.Target target = new LakeBenchmark.Target(infra.bootstrapServers, runtime.topics,
                    user.etl().lake(), MappingLoader.load(run.mapping, System.getenv()),
                    config.etl().sources().s3().rowsPerTransaction(), work);
            LakeBenchmark.Result r = new LakeBenchmark(target, lines, run.sample).run(out);
            return r.exact() ? ExitCodes.OK : ExitCodes.FAILED;
        });
    }
}
