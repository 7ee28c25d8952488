package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.extract.dlq.DlqFilter;
import br.com.etlvendas.extract.dlq.DlqReader;
import br.com.etlvendas.extract.dlq.DlqRecord;
import br.com.etlvendas.extract.dlq.ReplayLog;
import br.com.etlvendas.sale.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dlq list}: prints the DLQ's records that match the filters, each with its id for {@code dlq replay}, and a
 * summary by stage and by reason. Reads {@code sales.dlq} (and the replay marks) from the beginning, committed
 * records only, without joining a consumer group or committing anything.
 */
@Command(name = "list", description = "List the records of the dead-letter queue (sales.dlq), with a summary by stage and reason.")
final class DlqListCommand implements Callable<Integer> {

    enum Format { table, json }

    @Mixin
    ConfigFiles files;

    @Mixin
    DlqSelection selection;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Shutdown stop = new Shutdown();
        try {
            List<ConfigProblem> problems = new ArrayList<>();
            DlqFilter filter = selection.filter(List.of(), Clock.systemUTC(), problems);
            LoadedConfig config = DlqCommand.load(() -> files.loadForRun(stop, out, EnumSet.noneOf(Role.class)), problems);
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            Infrastructure infra = Infrastructure.start(config.etl(), stop);
            Topics topics = PipelineRuntime.provisionTopics(config, infra.bootstrapServers);
            List<DlqRecord> matched = new DlqReader(topics.dlq(), infra.bootstrapServers).read(filter);
            try (ReplayLog log = new ReplayLog(topics.sourceState(), topics.dlq().name(), infra.bootstrapServers).catchUp()) {
                DlqListing listing = new DlqListing(selection.limited(matched), matched, log::replayedAt);
                if (format == Format.json) {
                    listing.printJson(out);
                } else {
                    listing.printTable(out);
                }
            }
            return ExitCodes.OK;
        } finally {
            stop.run();
        }
    }
}
