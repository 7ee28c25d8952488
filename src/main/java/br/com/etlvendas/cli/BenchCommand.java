package br.com.etlvendas.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** {@code bench}: the benchmarks, each reporting a ratio to a ceiling measured in the same run (see BENCHMARKS.md). */
@Command(name = "bench", description = "Run a benchmark on fresh embedded servers in a temporary directory.",
        subcommands = {E2eBenchCommand.class, S3IngestBenchCommand.class})
final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a benchmark: e2e or s3-ingest");
    }

    /** Removes a benchmark's temporary directory and everything the servers wrote in it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
