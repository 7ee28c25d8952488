package br.com.etlvendas.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: the benchmarks, each reporting a ratio to a ceiling measured in the same run (see BENCHMARKS.md). */
@Command(name = "bench", description = "Run a benchmark on fresh embedded servers in a temporary directory.",
        subcommands = {E2eBenchCommand.class, LoadBenchCommand.class, LakeBenchCommand.class, S3IngestBenchCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: e2e, load, lake or s3-ingest");
    }
}
