package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.LoadedConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.function.Supplier;

/** {@code dlq}: look at the dead-letter queue ({@code sales.dlq}) and send chosen records back through the pipeline. */
@Command(name = "dlq", description = "List the dead-letter queue's records, or replay chosen ones through the pipeline.",
        subcommands = {DlqListCommand.class, DlqReplayCommand.class})
final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a sub-command: list or replay");
    }

    /** The configuration, or null with its problems added to those of the arguments, so all are listed together. */
    static LoadedConfig load(Supplier<LoadedConfig> loader, List<ConfigProblem> problems) {
        try {
            return loader.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
