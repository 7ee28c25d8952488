package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.SourcesConfig;
import br.com.etlvendas.extract.mapping.MappingLoader;
import br.com.etlvendas.config.LoadedConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The two configuration file options every command shares. */
final class ConfigFiles {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/etl-config.yml",
            description = "pipeline configuration (default: ${DEFAULT-VALUE})")
    Path etlConfig;

    @Option(names = "--topics", paramLabel = "FILE", defaultValue = "config/topics.yml",
            description = "topic layout (default: ${DEFAULT-VALUE})")
    Path topics;

    /** Both files and every mapping file they name, all problems listed together. */
    LoadedConfig load() {
        LoadedConfig config = new ConfigLoader(System.getenv()).load(etlConfig, topics);
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

    private static Set<Path> mappingsNamedBy(SourcesConfig sources) {
        Set<Path> paths = new LinkedHashSet<>();
        sources.s3().watches().forEach(w -> paths.add(w.mapping()));
        sources.directories().watches().forEach(w -> paths.add(w.mapping()));
        sources.jdbc().forEach(j -> paths.add(j.mapping()));
        sources.http().forEach(h -> paths.add(h.mapping()));
        sources.webhook().mapping().ifPresent(paths::add);
        return paths;
    }

    /** Loads the files for a command that runs every role: also refuses ports already taken. */
    LoadedConfig loadForRun() {
        return loadForRun(Role.ALL);
    }

    /** Loads the files for a process running these roles: also refuses the ports it would need that are taken. */
    LoadedConfig loadForRun(Set<Role> roles) {
        LoadedConfig config = load();
        PortGuard.checkAll(config.etl(), etlConfig.toString(), roles);
        return config;
    }
}
