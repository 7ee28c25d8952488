package br.com.etlvendas.extract.mapping;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.ConfigReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads a mapping file ({@code config/mappings/*.yml}) into a {@link ColumnMapping}, collecting every problem
 * in the file (with its key path) before throwing, so one run shows them all.
 */
public final class MappingLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private MappingLoader() {
    }

    /**
     * The validated mapping; {@code ${VAR}} references in values are taken from {@code env}.
     *
     * @throws ConfigException listing every problem when the file is missing, not YAML, or not a valid mapping
     */
    public static ColumnMapping load(Path file, Map<String, String> env) {
        String name = file.toString();
        List<ConfigProblem> problems = new ArrayList<>();
        JsonNode root = null;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            problems.add(new ConfigProblem(name, "", "file not found"));
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            problems.add(new ConfigProblem(name, "", "is not valid YAML" + where + ": " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new ConfigProblem(name, "", "cannot be read: " + e.getMessage()));
        }
        ConfigReader reader = ConfigReader.root(name, root, env, problems);
        ColumnMapping mapping = ColumnMapping.from(reader);
        reader.unknownKeys();
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return mapping;
    }
}
