package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.LoadedConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The two configuration file options every command shares. */
final class ConfigFiles {

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/etl-config.yml",
            description = "pipeline configuration (default: ${DEFAULT-VALUE})")
    Path etlConfig;

    @Option(names = "--topics", paramLabel = "FILE", defaultValue = "config/topics.yml",
            description = "topic layout (default: ${DEFAULT-VALUE})")
    Path topics;

    LoadedConfig load() {
        return new ConfigLoader(System.getenv()).load(etlConfig, topics);
    }
}
