package br.com.etlvendas.cli;

import br.com.etlvendas.config.LoadedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code config check}: validates both configuration files, lists every problem, exits 2 if any. */
@Command(name = "check", description = "Validate config/etl-config.yml and config/topics.yml and list every problem.")
final class ConfigCheckCommand implements Callable<Integer> {

    @Mixin
    ConfigFiles files;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LoadedConfig config = files.load();
        spec.commandLine().getOut().printf("Configuration OK: %s and %s%n", files.etlConfig, files.topics);
        spec.commandLine().getOut().printf("  Kafka: %s%n", config.etl().kafka().bootstrapServers()
                .orElse("embedded broker on port " + config.etl().kafka().embeddedPort()));
        spec.commandLine().getOut().printf("  Warehouse: %s%n", config.etl().warehouse().jdbcUrl()
                .orElse("embedded PostgreSQL on port " + config.etl().warehouse().embeddedPort()));
        spec.commandLine().getOut().printf("  S3: %s%n", config.etl().s3().endpoint()
                .orElse("embedded S3 on port " + config.etl().s3().embeddedPort()));
        return 0;
    }
}
