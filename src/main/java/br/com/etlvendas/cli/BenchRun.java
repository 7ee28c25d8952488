package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import br.com.etlvendas.embedded.Directories;
import br.com.etlvendas.log.LogFile;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every {@code bench} command shares: the sample its lines are made from ({@code --sample}, {@code --mapping}),
 * {@code --keep}, and a run on fresh embedded servers in a temporary directory that is stopped and removed afterwards.
 */
final class BenchRun {

    @Option(names = "--sample", defaultValue = "samples/superstore.csv", description = "the export whose rows are repeated"
            + " with unique ids (default: ${DEFAULT-VALUE})")
    Path sample;

    @Option(names = "--mapping", defaultValue = "config/mappings/superstore.yml", description = "mapping the lines are read with")
    Path mapping;

    @Option(names = "--keep", description = "keep the temporary data directory (servers' data, logs, work files) for inspection")
    boolean keep;

    /** The benchmark's configuration, written under its temporary directory. */
    @FunctionalInterface
    interface ConfigIn {
        LoadedConfig write(Path dir) throws IOException;
    }

    /** The measured part, with the servers up. */
    @FunctionalInterface
    interface Body {
        int run(LoadedConfig config, Infrastructure infra, Shutdown stop, Path dir) throws Exception;
    }

    /**
     * Starts the embedded servers of the configuration {@code configIn} writes under a new temporary directory, runs
     * {@code body}, then stops everything and deletes the directory (or says where it is, with {@code --keep}).
     */
    int onFreshServers(String name, PrintWriter out, ConfigIn configIn, Body body) throws Exception {
        Path dir = Files.createTempDirectory("etl-vendas-bench-" + name);
        LoadedConfig config = configIn.write(dir);
        LogFile.writeTo(LogFile.directoryFor(config.etl().dataDir(), System.getenv()));
        Shutdown stop = new Shutdown().onSignal(out, "stopping the benchmark's pipeline and servers");
        try {
            Infrastructure infra = Infrastructure.start(config.etl(), stop);
            return body.run(config, infra, stop, dir);
        } finally {
            stop.run();
            if (keep) {
                out.println("data kept in " + dir);
            } else {
                Directories.deleteTree(dir);
            }
            out.flush();
        }
    }
}
