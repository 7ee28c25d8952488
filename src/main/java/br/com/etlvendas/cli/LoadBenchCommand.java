package br.com.etlvendas.cli;

import br.com.etlvendas.bench.LoadBenchmark;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.mapping.MappingLoader;
import com.zaxxer.hikari.HikariDataSource;
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
 * {@code bench load}: the warehouse loader against a plain COPY and against Kafka Connect with the Debezium JDBC
 * sink, all three measured in this run, on fresh embedded servers in a temporary data directory, with the loader
 * settings of the configuration.
 */
@Command(name = "load", description = "Measure the warehouse loader (sales.clean -> PostgreSQL) against a plain COPY "
        + "and against Kafka Connect with the Debezium JDBC sink, in the same run.")
final class LoadBenchCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Option(names = "--lines", defaultValue = "500000", description = "lines in the measured run (default: ${DEFAULT-VALUE})")
    long lines;

    @Option(names = "--warmup-lines", defaultValue = "100000", description = "lines our loader loads first, not measured,"
            + " so the JIT has compiled its code (default: ${DEFAULT-VALUE})")
    long warmupLines;

    @Option(names = "--connect-tasks", defaultValue = "1", description = "tasks of the Connect sink (default: ${DEFAULT-VALUE})")
    int connectTasks;

    @Option(names = "--connect-home", defaultValue = "bench-connect/target", description = "where bench-connect/pom.xml"
            + " gathered Kafka Connect (lib/) and the Debezium JDBC sink (plugins/) (default: ${DEFAULT-VALUE})")
    Path connectHome;

    @Mixin
    BenchRun run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (lines < 1000 || warmupLines < 0 || connectTasks < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--lines must be at least 1000, --warmup-lines at least 0 and --connect-tasks at least 1");
        }
        LoadedConfig user = files.load();
        if (!Files.isDirectory(connectHome.resolve("lib")) || !Files.isDirectory(connectHome.resolve("plugins"))) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no Kafka Connect in " + connectHome
                    + ": run `mvn -s bench-connect/settings.xml -f bench-connect/pom.xml package` (./etl-vendas bench load"
                    + " does it on its first run)");
        }
        return run.onFreshServers("load", out, dir -> E2eBenchCommand.benchConfig(user, files.topics, dir),
                (config, infra, stop, dir) -> {
                    // only Streams runs: it fills sales.clean, and the benchmark starts each loader itself
                    PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra, EnumSet.of(Role.TRANSFORM)));
                    try (HikariDataSource warehouse = PipelineRuntime.loadingWarehouse(infra, "bench-load",
                            config.etl().warehouse())) {
                        Path work = Files.createDirectories(dir.resolve("work"));
                        LoadBenchmark.Target target = new LoadBenchmark.Target(infra.bootstrapServers, warehouse, infra.jdbcUrl,
                                infra.dbUser, infra.dbPassword.reveal(), runtime.topics, config.etl().warehouse(), work,
                                MappingLoader.load(run.mapping, System.getenv()), config.etl().sources().s3().rowsPerTransaction(),
                                connectHome.toAbsolutePath());
                        LoadBenchmark.Result r = new LoadBenchmark(target,
                                new LoadBenchmark.Options(lines, warmupLines, run.sample, connectTasks)).run(out);
                        return r.reconciled() ? ExitCodes.OK : ExitCodes.FAILED;
                    }
                });
    }
}
