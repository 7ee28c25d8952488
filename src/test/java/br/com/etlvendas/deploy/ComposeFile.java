package br.com.etlvendas.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Compose file read the way Compose reads it, without a Docker engine: YAML anchors and {@code <<} merge keys
 * resolved (SnakeYAML, which Jackson's YAML module already brings), then {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR:?message}} and {@code $$} replaced from an env file. A required
 * variable missing from the env file fails the load with Compose's own message.
 */
final class ComposeFile {

    private static final Pattern REFERENCE =
            Pattern.compile("\\$(?:(\\$)|\\{([A-Za-z_]\\w*)(?:(:?[-?])([^}]*))?}|([A-Za-z_]\\w*))");

    private final Path dir;
    private final Map<String, Object> raw;
    private final Map<String, Object> resolved;

    private ComposeFile(Path dir, Map<String, Object> raw, Map<String, Object> resolved) {
        this.dir = dir;
        this.raw = raw;
        this.resolved = resolved;
    }

    static ComposeFile load(Path composeFile, Path envFile) {
        Map<String, Object> raw = map(yaml(composeFile), composeFile.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) interpolate(raw, readEnvFile(envFile));
        return new ComposeFile(composeFile.toAbsolutePath().getParent(), raw, resolved);
    }

    /** A YAML file with anchors and merge keys resolved. */
    static Object yaml(Path file) {
        try {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** {@code KEY=VALUE} lines; blank lines and {@code #} comments skipped. */
    static Map<String, String> readEnvFile(Path file) {
        try {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(file)) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#")) {
                    int eq = l.indexOf('=');
                    env.put(l.substring(0, eq).strip(), l.substring(eq + 1).strip());
                }
            }
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The directory relative paths in the file are taken from. */
    Path dir() {
        return dir;
    }

    Map<String, Object> services() {
        return map(resolved.get("services"), "services");
    }

    Map<String, Object> service(String name) {
        return map(services().get(name), "services." + name);
    }

    /** A service's {@code environment}, in either Compose form (mapping or {@code KEY=VALUE} list), as text. */
    Map<String, String> environment(String service) {
        return environmentOf(service(service));
    }

    /** The same before variables are replaced, as written in the file. */
    Map<String, String> rawEnvironment(String service) {
        return environmentOf(map(map(raw.get("services"), "services").get(service), service));
    }

    /** The command, in either Compose form (list, or a string split on blanks). */
    List<String> command(String service) {
        Object c = service(service).get("command");
        if (c == null) {
            return List.of();
        }
        return c instanceof List<?> l ? l.stream().map(String::valueOf).toList() : Arrays.asList(String.valueOf(c).trim().split("\\s+"));
    }

    /** Bind mounts of a service: container path to host path (resolved against {@link #dir()}); named volumes left out. */
    Map<String, Path> bindMounts(String service) {
        Map<String, Path> mounts = new LinkedHashMap<>();
        for (String v : strings(service(service).get("volumes"))) {
            String[] parts = v.split(":");
            if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                mounts.put(parts[1], dir.resolve(parts[0]).normalize());
            }
        }
        return mounts;
    }

    /** Published ports as written ({@code "host:container"}). */
    List<String> ports(String service) {
        return strings(service(service).get("ports"));
    }

    /** {@code depends_on}: service name to condition ({@code service_started} for the short list form). */
    Map<String, String> dependsOn(String service) {
        Object d = service(service).get("depends_on");
        Map<String, String> conditions = new LinkedHashMap<>();
        if (d instanceof List<?> l) {
            l.forEach(name -> conditions.put(String.valueOf(name), "service_started"));
        } else if (d != null) {
            map(d, service + ".depends_on").forEach((name, spec) ->
                    conditions.put(name, String.valueOf(map(spec, name).getOrDefault("condition", "service_started"))));
        }
        return conditions;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String what) {
        if (!(node instanceof Map<?, ?>)) {
            throw new AssertionError(what + " should be a mapping, but is " + node);
        }
        return (Map<String, Object>) node;
    }

    static List<String> strings(Object node) {
        return node instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static Map<String, String> environmentOf(Map<String, Object> service) {
        Object e = service.get("environment");
        Map<String, String> env = new LinkedHashMap<>();
        if (e instanceof List<?> l) {
            l.stream().map(String::valueOf).forEach(kv -> env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1)));
        } else if (e != null) {
            map(e, "environment").forEach((k, v) -> env.put(k, String.valueOf(v)));
        }
        return env;
    }

    private static Object interpolate(Object node, Map<String, String> env) {
        if (node instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k, interpolate(v, env)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> interpolate(v, env)).toList();
        }
        return node instanceof String s ? interpolate(s, env) : node;
    }

    private static String interpolate(String text, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (m.group(1) != null) {
                value = "$";
            } else {
                String name = m.group(2) != null ? m.group(2) : m.group(5);
                String op = m.group(3);
                value = env.get(name);
                boolean unset = value == null || (value.isEmpty() && op != null && op.startsWith(":"));
                if (unset && op != null && op.endsWith("-")) {
                    value = m.group(4);
                } else if (unset && op != null) {
                    throw new AssertionError("required variable " + name + " is not set: " + m.group(4));
                } else if (value == null) {
                    value = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
