package br.com.etlvendas.config;

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
import java.util.function.Function;

/**
 * Loads {@code etl-config.yml} and {@code topics.yml} into validated records. Every problem in both files
 * is collected before anything is thrown, so one run of {@code config check} shows them all.
 */
public final class ConfigLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Map<String, String> env;

    public ConfigLoader(Map<String, String> env) {
        this.env = env;
    }

    /** Both files, validated; throws {@link ConfigException} listing every problem. */
    public LoadedConfig load(Path etlConfigFile, Path topicsFile) {
        return load(etlConfigFile, topicsFile, etl -> List.of());
    }

    /**
     * Both files, validated, and {@code moreChecks} of what other rooms make of them (such as the transformation
     * steps, whose fields and classes only the transform room knows), run even when the files have problems of
     * their own, so that every problem is listed together.
     */
    public LoadedConfig load(Path etlConfigFile, Path topicsFile, Function<EtlConfig, List<ConfigProblem>> moreChecks) {
        List<ConfigProblem> problems = new ArrayList<>();
        EtlConfig etl = read(etlConfigFile, problems, EtlConfig::from);
        TopicsConfig topics = read(topicsFile, problems, TopicsConfig::from);
        problems.addAll(moreChecks.apply(etl));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new LoadedConfig(etl, topics);
    }

    private <T> T read(Path file, List<ConfigProblem> problems, Function<ConfigReader, T> factory) {
        return readYaml(file, env, problems, factory);
    }

    /**
     * Reads one YAML file through {@code factory}, adding every problem (missing file, bad YAML, bad or
     * unknown keys) to {@code problems}; for other rooms' files too, such as mapping files.
     */
    public static <T> T readYaml(Path file, Map<String, String> env, List<ConfigProblem> problems,
                                 Function<ConfigReader, T> factory) {
        String name = file.toString();
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
        T value = factory.apply(reader);
        reader.unknownKeys();
        return value;
    }
}
