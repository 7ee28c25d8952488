package br.com.etlvendas.transform.step;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.TransformationsConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Test helper: a chain (or its config problems) from the text of a {@code transformations:} section, read as start-up reads it. */
public final class TransformationConfigs {

    private TransformationConfigs() {
    }

    /** The section loaded through {@link ConfigLoader} with the chain's checks, as start-up loads it: every problem together. */
    public static TransformationsConfig load(Path dir, String yaml, Map<String, String> env) {
        try {
            Path file = dir.resolve("etl-config.yml");
            Files.writeString(file, yaml);
            return new ConfigLoader(env).load(file, Path.of("config/topics.yml"),
                    etl -> TransformationChain.problemsOf(etl.transformations())).etl().transformations();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chain built from the section; throws {@link ConfigException} with every problem of either kind. */
    public static TransformationChain chain(Path dir, String yaml) {
        return TransformationChain.build(load(dir, yaml, Map.of()));
    }
}
