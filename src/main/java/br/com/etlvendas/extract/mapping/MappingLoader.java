package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.ConfigProblem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a mapping file ({@code config/mappings/*.yml}) into a {@link ColumnMapping}, collecting every problem
 * in the file (with its key path) before throwing, so one run shows them all.
 */
public final class MappingLoader {

    private MappingLoader() {
    }

    /**
     * The validated mapping; {@code ${VAR}} references in values are taken from {@code env}.
     *
     * @throws ConfigException listing every problem when the file is missing, not YAML, or not a valid mapping
     */
    public static ColumnMapping load(Path file, Map<String, String> env) {
        List<ConfigProblem> problems = new ArrayList<>();
        ColumnMapping mapping = ConfigLoader.readYaml(file, env, problems, ColumnMapping::from);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return mapping;
    }
}
