package br.com.etlvendas.cli;

import br.com.etlvendas.config.EtlConfig;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.generator.GeneratorSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code run}: some or all roles of the pipeline (extract, transform, load, serve) against the configured
 * Kafka, PostgreSQL and S3 (embedded ones when none are configured), until Ctrl-C. Any number of processes
 * may run the same roles: Kafka Streams shares {@code sales.raw}'s partitions among the processes with the
 * one application id, and the loader's consumer group shares {@code sales.clean}'s; a process that dies
 * has its partitions taken over by the others.
 */
@Command(name = "run", description = "Run some or all roles of the pipeline; start several processes to share the work.")
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Option(names = "--roles", paramLabel = "ROLES", defaultValue = "extract,transform,load,serve",
            description = "comma-separated roles this process runs: extract (the configured sources and the generator), "
                    + "transform (Kafka Streams), load (the warehouse loader), serve (dashboard, API and webhook); "
                    + "default: ${DEFAULT-VALUE}")
    String roles;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Set<Role> chosen;
        try {
            chosen = Role.parse(roles);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Shutdown stop = new Shutdown().onSignal(out, "committing what each role has in flight, stopping servers");
        try {
            LoadedConfig config = files.loadForRun(stop, out, chosen);
            out.println("Starting ETL Vendas roles " + Role.labels(chosen) + " (data under "
                    + config.etl().dataDir().toAbsolutePath().normalize() + ") ...");
            out.flush();
            Infrastructure infra = Infrastructure.start(config.etl(), stop);
            PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra, chosen));
            SourcesRuntime sources = null;
            GeneratorSource generator = null;
            if (chosen.contains(Role.EXTRACT)) {
                sources = stop.start(() -> new SourcesRuntime(config.etl(), runtime.topics, infra, System.getenv()));
                runtime.watchSources(sources);
                if (config.etl().generator().enabled()) {
                    generator = stop.add(SourcesRuntime.generator(config.etl(), runtime.topics, infra, OptionalLong.empty()));
                    Thread generating = new Thread(generator, "generator");
                    runtime.watchGenerator(generator, generating);
                    generating.start();
                }
            }
            printRunning(out, config.etl(), infra, runtime, generator, sources);
            stop.runUntilSignalled(out);
            return ExitCodes.OK;
        } finally {
            stop.run();
        }
    }

    /**
     * The banner of a running pipeline: the roles when not all of them run, the dashboard when served, where
     * the servers are, the topics, and the generator and other sources when extracting ({@code null}: none).
     */
    static void printRunning(PrintWriter out, EtlConfig etl, Infrastructure infra, PipelineRuntime runtime,
                             GeneratorSource generator, SourcesRuntime sources) {
        out.println();
        out.println("ETL Vendas is running:");
        if (!runtime.roles().equals(Role.ALL)) {
            out.printf("  Roles            %s%n", Role.labels(runtime.roles()));
        }
        if (runtime.roles().contains(Role.SERVE)) {
            out.printf("  Dashboard        http://localhost:%d%n", runtime.dashboard().port());
            out.printf("  REST API         http://localhost:%d/api/kpi/totals%n", runtime.dashboard().port());
        }
        Endpoints.of(etl, infra).printWhere(out);
        out.printf("  Topics           %s -> %s, %s, %s%n", runtime.topics.raw().name(), runtime.topics.clean().name(),
                runtime.topics.dlq().name(), runtime.topics.kpiTotals().name());
        if (generator != null) {
            out.printf("  Generator        %s, %d sales/s%n", generator.source(), etl.generator().salesPerSecond());
        }
        out.println();
        out.flush();
        if (sources != null && !sources.isEmpty()) {
            out.printf("  Other sources    %s%n", String.join(", ", sources.describe()));
            out.println();
            out.flush();
        }
    }
}
