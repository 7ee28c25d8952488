package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.dlq.DlqFilter;
import br.com.etlvendas.extract.dlq.DlqReader;
import br.com.etlvendas.extract.dlq.DlqRecord;
import br.com.etlvendas.extract.dlq.DlqReplayer;
import br.com.etlvendas.extract.dlq.ReplayLog;
import br.com.etlvendas.extract.dlq.SourceMappings;
import br.com.etlvendas.extract.dlq.SourceRowRemapper;
import br.com.etlvendas.extract.mapping.ColumnMapping;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.sale.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code dlq replay}: sends the chosen DLQ records back through the pipeline as it is configured now (after a
 * mapping or validation fix), in one Kafka transaction, each record at most once; runs the pipeline until the
 * replayed lines are loaded, rejected again or dropped as duplicates, and reports where they went.
 */
@Command(name = "replay", description = "Send chosen dead-letter records back through the current pipeline, then report "
        + "how many lines loaded and how many went back to the DLQ.")
final class DlqReplayCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Mixin
    DlqSelection selection;

    @Option(names = "--ids", split = ",", paramLabel = "P:O", description = "only these DLQ records (partition:offset, "
            + "as dlq list shows them), comma-separated; a record rejected again when it was replayed is replayed once "
            + "more only when named here")
    List<String> ids = new ArrayList<>();

    @Option(names = "--mapping", paramLabel = "FILE", description = "map rows their source could not map with this "
            + "mapping file (default: the mapping of the configured source of the same name)")
    Path mapping;

    @Option(names = "--dry-run", description = "show what would be sent, send nothing")
    boolean dryRun;

    @Option(names = "--settle-timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "longest wait without progress for the replayed lines to be accounted for; 30s, 20m, 1h or "
                    + "ISO-8601 (default: 2m)")
    Duration settleTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Shutdown stop = new Shutdown().onSignal(out, "stopping the pipeline and servers (a replay is sent whole or not at all)");
        try {
            List<ConfigProblem> problems = new ArrayList<>();
            DlqFilter filter = selection.filter(ids, Clock.systemUTC(), problems);
            Optional<ColumnMapping> given = Optional.ofNullable(mapping).map(m -> loadMapping(m, problems));
            LoadedConfig config = DlqCommand.load(() -> files.loadForRun(stop, out, dryRun ? EnumSet.noneOf(Role.class)
                    : EnumSet.of(Role.TRANSFORM, Role.LOAD, Role.SERVE)), problems);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            Function<DlqRecord, Optional<ColumnMapping>> mappingFor = given.isPresent() ? r -> given
                    : configuredMappings(config)::forSource;
            Infrastructure infra = Infrastructure.start(config.etl(), stop);
            Topics topics = PipelineRuntime.provisionTopics(config, infra.bootstrapServers);
            // the replay's producer first: it fences a replay still running and settles its transaction, so the
            // marks read next are final and nothing is replayed twice (a dry run sends nothing, so it fences nobody)
            DlqReplayer replayer = dryRun ? null : stop.add(new DlqReplayer(topics, infra.bootstrapServers, Clock.systemUTC()));
            ReplayLog log = stop.add(new ReplayLog(topics.sourceState(), topics.dlq().name(), infra.bootstrapServers).catchUp());
            List<DlqRecord> chosen = selection.limited(new DlqReader(topics.dlq(), infra.bootstrapServers).read(filter));
            DlqReplayer.Plan plan;
            try (OriginFiles origins = new OriginFiles(infra)) {
                plan = DlqReplayer.plan(chosen, log::replayedAt, !ids.isEmpty(), mappingFor, new SourceRowRemapper(origins::csvHeader),
                        sale -> topics.raw().valueSerde().serializer().serialize(topics.raw().name(), sale));
            }
            ReplayReport report = new ReplayReport(plan);
            report.printPlan(out, dryRun);
            if (!plan.problems().isEmpty()) {
                return ExitCodes.CONFIG;
            }
            if (plan.send().isEmpty() || dryRun) {
                return ExitCodes.OK;
            }
            PipelineRuntime runtime = stop.start(() -> new PipelineRuntime(config, infra,
                    EnumSet.of(Role.TRANSFORM, Role.LOAD, Role.SERVE)));
            RejectionReport refusals = RejectionReport.fromStart(topics.dlq(), infra.bootstrapServers);
            Map<String, Reconciler.Accounting> before = ReplayReport.measure(report.linesBySource().keySet(),
                    Reconciler.baseline(runtime, topics.kpiTotals(), infra.bootstrapServers, refusals::linesRefusedByWarehouse));
            replayer.send(plan, log);
            out.printf("Sent %d records (%d lines) to %s; waiting for the pipeline to settle%n", plan.send().size(),
                    plan.lines(), topics.raw().name());
            out.flush();
            Reconciler reconciler = Reconciler.of(runtime, refusals::linesRefusedByWarehouse);
            boolean balanced = true;
            for (Map.Entry<String, Long> e : report.linesBySource().entrySet()) {
                Reconciler.Accounting was = before.get(e.getKey());
                Reconciler.Accounting now = reconciler.awaitReplay(e.getKey(), was, e.getValue(), settleTimeout);
                balanced &= report.printOutcome(out, e.getKey(), e.getValue(), was, now);
            }
            return balanced ? ExitCodes.OK : ExitCodes.FAILED;
        } finally {
            stop.run();
        }
    }

    private static ColumnMapping loadMapping(Path file, List<ConfigProblem> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigProblem(DlqSelection.COMMAND, "--mapping", file + ": no such file"));
            return null;
        }
        try {
            return MappingLoader.load(file, System.getenv());
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    /** The mapping of each configured source, by its source name. */
    private static SourceMappings configuredMappings(LoadedConfig config) {
        List<ColumnMapping> mappings = new ArrayList<>();
        for (Path p : ConfigFiles.mappingsNamedBy(config.etl().sources())) {
            mappings.add(MappingLoader.load(p, System.getenv()));
        }
        return new SourceMappings(mappings);
    }
}
