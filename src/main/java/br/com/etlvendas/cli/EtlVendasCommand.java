package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.time.Duration;

/** The {@code etl-vendas} command line: {@code demo}, {@code ingest}, {@code servers}, {@code run}, {@code bench}, {@code dlq} and {@code config check}. */
@Command(name = "etl-vendas", mixinStandardHelpOptions = true, version = "ETL Vendas 0.1.0",
        description = "Sales-data ETL on Apache Kafka: sources → Kafka Streams → PostgreSQL warehouse → live KPIs.",
        subcommands = {DemoCommand.class, IngestCommand.class, ServersCommand.class, RunCommand.class, BenchCommand.class, DlqCommand.class, EtlVendasCommand.ConfigCommand.class})
public final class EtlVendasCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with exit codes set: usage errors exit 2, failures 1. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new EtlVendasCommand());
        // picocli asks this mapper for usage errors too, so they must be told apart from failures here
        // durations as the config files write them (30s, 20m, 7d) as well as ISO-8601 (PT20M)
        cl.registerConverter(Duration.class, text -> ConfigReader.parseDuration(text).orElseThrow(() ->
                new CommandLine.TypeConversionException("'" + text + "' is not a duration: write it as 500ms, 30s, 20m, "
                        + "2h, 7d or ISO-8601 (PT20M)")));
        cl.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitCodes.CONFIG : ExitCodes.FAILED);
        // Ctrl-C during start-up: the shutdown hook has stopped what had started; no stack trace for that.
        // Bad configuration met by any command (the benches too): every problem listed, exit 2, no stack trace.
        CommandLine.IExecutionExceptionHandler standard = cl.getExecutionExceptionHandler();
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof Shutdown.Stopping) {
                return ExitCodes.FAILED;
            }
            if (e instanceof ConfigException config) {
                ExitCodes.printProblems(line.getErr(), config);
                return ExitCodes.CONFIG;
            }
            return standard.handleExecutionException(e, line, parsed);
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: demo, ingest, servers, run, bench, dlq or config check");
    }

    @Command(name = "config", description = "Work with the configuration files.", subcommands = ConfigCheckCommand.class)
    static final class ConfigCommand implements Runnable {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "name a sub-command: check");
        }
    }
}
