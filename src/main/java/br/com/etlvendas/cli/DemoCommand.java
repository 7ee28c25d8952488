package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.generator.GeneratorSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code demo}: starts the whole pipeline (embedded servers unless endpoints are configured), the
 * dashboard and the sales generator, and runs until Ctrl-C; or, with {@code --exit-when-done}, until every
 * generated record is accounted for, then prints the reconciliation and exits.
 */
@Command(name = "demo", description = "Run the whole pipeline with generated Brazilian sales and a live dashboard.")
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Option(names = "--sales", paramLabel = "N", description = "generate N sale records, then stop generating")
    Long sales;

    @Option(names = "--exit-when-done", description = "exit once every generated record is loaded, rejected or "
            + "dropped as a duplicate, after printing the reconciliation (needs --sales)")
    boolean exitWhenDone;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "with --exit-when-done, longest wait without progress for the pipeline to settle after generation: "
                    + "the wait goes on while records keep being loaded, rejected or dropped; 30s, 20m, 1h or ISO-8601 (default: 2m)")
    Duration settleTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (exitWhenDone && sales == null) {
            throw new ParameterException(spec.commandLine(), "--exit-when-done needs --sales N");
        }
        if (sales != null && sales < 1) {
            throw new ParameterException(spec.commandLine(), "--sales must be at least 1, got " + sales);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Shutdown stop = new Shutdown().onSignal(out,
                "flushing the generator, committing Streams and the loader, stopping servers");
        try {
            LoadedConfig config = files.loadForRun(stop, out);
            if (!config.etl().generator().enabled()) {
                err.println("sources.generator.enabled is false in " + files.etlConfig + ": the demo needs the generator");
                return ExitCodes.CONFIG;
            }
            out.println("Starting ETL Vendas (data under " + config.etl().dataDir().toAbsolutePath().normalize() + ") ...");
            out.flush();
            Infrastructure infra = Infrastructure.start(config.etl(), stop);
            PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra));
            SourcesRuntime sources = stop.start(() -> new SourcesRuntime(config.etl(), runtime.topics, infra, System.getenv()));
            GeneratorSource generator = stop.add(SourcesRuntime.generator(config.etl(), runtime.topics, infra,
                    sales == null ? OptionalLong.empty() : OptionalLong.of(sales)));
            RunCommand.printRunning(out, config.etl(), infra, runtime, generator, sources);
            RejectionReport refusals = exitWhenDone ? RejectionReport.from(runtime.topics.dlq(), infra.bootstrapServers) : null;
            runtime.watchSources(sources);
            Thread generating = new Thread(generator, "generator");
            runtime.watchGenerator(generator, generating);
            generating.start();
            if (exitWhenDone) {
                generator.awaitFinished(Duration.ofDays(1));
                Reconciler.Result r = Reconciler.of(runtime, refusals::linesRefusedByWarehouse)
                        .awaitBalanced(generator.source(), generator.ledger().snapshot(), settleTimeout);
                out.println(r.line());
                out.flush();
                return r.balanced() && generator.failedSends() == 0 ? ExitCodes.OK : ExitCodes.FAILED;
            }
            stop.runUntilSignalled(out);
            return ExitCodes.OK;
        } finally {
            stop.run();
        }
    }
}
