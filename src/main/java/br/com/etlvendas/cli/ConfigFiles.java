package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.transform.step.TransformationChain;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.EtlConfig;
import br.com.etlvendas.config.SourcesConfig;
import br.com.etlvendas.embedded.EmbeddedPostgresServer;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.log.ConsoleLogFilter;
import br.com.etlvendas.log.LogFile;
import br.com.etlvendas.config.LoadedConfig;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The two configuration file options every command shares. */
final class ConfigFiles {

    private static final Duration LEFTOVER_STOP_TIMEOUT = Duration.ofSeconds(20);

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/etl-config.yml",
            description = "pipeline configuration (default: ${DEFAULT-VALUE})")
    Path etlConfig;

    @Option(names = "--topics", paramLabel = "FILE", defaultValue = "config/topics.yml",
            description = "topic layout (default: ${DEFAULT-VALUE})")
    Path topics;

    @Option(names = {"-v", "--verbose"}, description = "show the Kafka broker's, Streams' and the clients' log messages "
            + "on the console too (they are always in <data-dir>/logs/etl-vendas.log)")
    void verbose(boolean on) {
        ConsoleLogFilter.verbose(on);
    }

    /** Both files, every mapping file they name and the transformation steps, all problems listed together. */
    LoadedConfig load() {
        LoadedConfig config = new ConfigLoader(System.getenv()).load(etlConfig, topics,
                etl -> TransformationChain.problemsOf(etl.transformations()));
        List<ConfigProblem> problems = new ArrayList<>();
        for (Path mapping : mappingsNamedBy(config.etl().sources())) {
            try {
                MappingLoader.load(mapping, System.getenv());
            } catch (ConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    static Set<Path> mappingsNamedBy(SourcesConfig sources) {
        Set<Path> paths = new LinkedHashSet<>();
        sources.s3().watches().forEach(w -> paths.add(w.mapping()));
        sources.directories().watches().forEach(w -> paths.add(w.mapping()));
        sources.jdbc().forEach(j -> paths.add(j.mapping()));
        sources.http().forEach(h -> paths.add(h.mapping()));
        sources.webhook().mapping().ifPresent(paths::add);
        return paths;
    }

    /** Loads the files for a command that runs every role; see {@link #loadForRun(Shutdown, PrintWriter, Set)}. */
    LoadedConfig loadForRun(Shutdown stop, PrintWriter out) {
        return loadForRun(stop, out, Role.ALL);
    }

    /**
     * Loads the files for a process running these roles: takes the data directory (refused while another
     * ETL Vendas runs on it; released by {@code stop}), sends the log there, stops an embedded PostgreSQL a
     * killed earlier run left on it (telling {@code out}), then refuses the ports it would need that are taken.
     */
    LoadedConfig loadForRun(Shutdown stop, PrintWriter out, Set<Role> roles) {
        LoadedConfig config = load();
        EtlConfig etl = config.etl();
        stop.add(DataDirLock.acquire(etl.dataDir(), etlConfig.toString()));
        LogFile.writeTo(LogFile.directoryFor(etl.dataDir(), System.getenv()));
        if (etl.warehouse().embedded()) {
            EmbeddedPostgresServer.stopLeftover(etl.dataDir().resolve(Infrastructure.POSTGRES_DIR), LEFTOVER_STOP_TIMEOUT)
                    .ifPresent(pid -> {
                        out.printf("Stopped the embedded PostgreSQL (pid %d) that an earlier run left running on %s%n",
                                pid, etl.dataDir().toAbsolutePath().normalize());
                        out.flush();
                    });
        }
        PortGuard.checkAll(etl, etlConfig.toString(), roles);
        return config;
    }
}
