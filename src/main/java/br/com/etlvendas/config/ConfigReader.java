package br.com.etlvendas.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads typed values from one YAML section, declaring each key once with its default, its allowed range
 * and a one-line description. Problems are collected, never thrown one at a time, and every key that no
 * record declared is reported as unknown by {@link #unknownKeys()}.
 */
public final class ConfigReader {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String file;
    private final String path;
    private final JsonNode node;
    private final EnvSubstitution env;
    private final List<ConfigProblem> problems;
    private final Set<String> known;

    private ConfigReader(String file, String path, JsonNode node, EnvSubstitution env,
                         List<ConfigProblem> problems, Set<String> known) {
        this.file = file;
        this.path = path;
        this.node = node;
        this.env = env;
        this.problems = problems;
        this.known = known;
    }

    /** A reader over a whole file's root; problems go to the given list. */
    public static ConfigReader root(String file, JsonNode root, Map<String, String> env, List<ConfigProblem> problems) {
        JsonNode node = root == null || root.isNull() || root.isMissingNode()
                ? MissingNode.getInstance() : root;
        ConfigReader reader = new ConfigReader(file, "", node, new EnvSubstitution(env), problems, new HashSet<>());
        if (!node.isMissingNode() && !node.isObject()) {
            reader.problem("", "the file must hold a mapping of keys to values");
        }
        return reader;
    }

    public String file() {
        return file;
    }

    /** The key path of this section or list item, e.g. {@code transformations[2]}. */
    public String path() {
        return path;
    }

    /** A nested mapping; absent means "all defaults". */
    public ConfigReader section(String key, String description) {
        requireDescription(description);
        String p = pathOf(key);
        known.add(p);
        JsonNode child = node.path(key);
        if (!child.isMissingNode() && !child.isNull() && !child.isObject()) {
            problem(p, "must be a mapping of keys to values (" + description + ")");
            child = MissingNode.getInstance();
        }
        return new ConfigReader(file, p, child.isNull() ? MissingNode.getInstance() : child, env, problems, known);
    }

    /** A list of mappings, e.g. one per watched prefix; absent means an empty list. */
    public List<ConfigReader> list(String key, String description) {
        requireDescription(description);
        String p = pathOf(key);
        known.add(p);
        JsonNode child = node.path(key);
        List<ConfigReader> items = new ArrayList<>();
        if (child.isMissingNode() || child.isNull()) {
            return items;
        }
        if (!child.isArray()) {
            problem(p, "must be a list (" + description + ")");
            return items;
        }
        for (int i = 0; i < child.size(); i++) {
            String itemPath = p + "[" + i + "]";
            known.add(itemPath);
            JsonNode item = child.get(i);
            if (!item.isObject()) {
                problem(itemPath, "must be a mapping of keys to values (" + description + ")");
                continue;
            }
            items.add(new ConfigReader(file, itemPath, item, env, problems, known));
        }
        return items;
    }

    /** A list of plain values, e.g. date patterns; absent means an empty list. */
    public List<String> stringList(String key, String description) {
        requireDescription(description);
        String p = pathOf(key);
        known.add(p);
        JsonNode child = node.path(key);
        List<String> values = new ArrayList<>();
        if (child.isMissingNode() || child.isNull()) {
            return values;
        }
        if (!child.isArray()) {
            problem(p, "must be a list of values (" + description + ")");
            return values;
        }
        for (int i = 0; i < child.size(); i++) {
            JsonNode v = child.get(i);
            if (!v.isValueNode() || v.isNull()) {
                problem(p + "[" + i + "]", "must be a single value (" + description + ")");
                continue;
            }
            EnvSubstitution.Result r = env.apply(v.asText());
            String at = p + "[" + i + "]";
            r.missing().forEach(name -> problem(at, "environment variable " + name + " is not set (" + description + ")"));
            values.add(r.value());
        }
        return values;
    }

    /**
     * A mapping of names chosen by the user to single values (e.g. a custom step's settings), each value with
     * {@code ${ENV}} substituted; absent means an empty map. Its keys are all known.
     */
    public Map<String, String> stringMap(String key, String description) {
        ConfigReader section = section(key, description);
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String name : section.keys()) {
            section.optionalString(name, description).ifPresentOrElse(v -> values.put(name, v), () -> values.put(name, ""));
        }
        return values;
    }

    /** The keys present in this section, for sections whose keys are names chosen by the user. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    public String string(String key, String defaultValue, String description) {
        return optionalString(key, description).orElse(defaultValue);
    }

    public String requiredString(String key, String description) {
        Optional<String> value = optionalString(key, description);
        if (value.isEmpty()) {
            problem(pathOf(key), "is required (" + description + ")");
            return "";
        }
        return value.get();
    }

    /** A string that may be absent, or empty after substitution (which also means absent). */
    public Optional<String> optionalString(String key, String description) {
        requireDescription(description);
        String p = pathOf(key);
        known.add(p);
        JsonNode v = node.path(key);
        if (v.isMissingNode() || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            problem(p, "must be a single value, not a " + (v.isArray() ? "list" : "mapping") + " (" + description + ")");
            return Optional.empty();
        }
        EnvSubstitution.Result r = env.apply(v.asText());
        r.missing().forEach(name -> problem(p, "environment variable " + name + " is not set (" + description + ")"));
        return r.value().isBlank() ? Optional.empty() : Optional.of(r.value().trim());
    }

    public int integer(String key, int defaultValue, int min, int max, String description) {
        Optional<String> raw = optionalString(key, description);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                problem(pathOf(key), "must be between " + min + " and " + max + ", got " + value + " (" + description + ")");
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(pathOf(key), "must be a whole number, got '" + raw.get() + "' (" + description + ")");
            return defaultValue;
        }
    }

    public long longValue(String key, long defaultValue, long min, long max, String description) {
        Optional<String> raw = optionalString(key, description);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < min || value > max) {
                problem(pathOf(key), "must be between " + min + " and " + max + ", got " + value + " (" + description + ")");
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(pathOf(key), "must be a whole number, got '" + raw.get() + "' (" + description + ")");
            return defaultValue;
        }
    }

    /** A decimal between min and max inclusive (rates, fractions; never money). */
    public double decimal(String key, double defaultValue, double min, double max, String description) {
        Optional<String> raw = optionalString(key, description);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(raw.get());
            if (!(value >= min && value <= max)) {
                problem(pathOf(key), "must be between " + min + " and " + max + ", got " + raw.get() + " (" + description + ")");
                return defaultValue;
            }
            return value;
        } catch (NumberFormatException e) {
            problem(pathOf(key), "must be a number, got '" + raw.get() + "' (" + description + ")");
            return defaultValue;
        }
    }

    public boolean bool(String key, boolean defaultValue, String description) {
        Optional<String> raw = optionalString(key, description);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        switch (raw.get().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on":
                return true;
            case "false", "no", "off":
                return false;
            default:
                problem(pathOf(key), "must be true or false, got '" + raw.get() + "' (" + description + ")");
                return defaultValue;
        }
    }

    /** A duration written as {@code 250ms}, {@code 30s}, {@code 5m}, {@code 12h}, {@code 7d} or ISO-8601. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max, String description) {
        Optional<String> raw = optionalString(key, description);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        Optional<Duration> parsed = parseDuration(raw.get());
        if (parsed.isEmpty()) {
            problem(pathOf(key), "must be a duration such as 500ms, 30s, 5m, 12h or 7d, got '" + raw.get() + "' (" + description + ")");
            return defaultValue;
        }
        Duration d = parsed.get();
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(pathOf(key), "must be between " + min + " and " + max + ", got " + raw.get() + " (" + description + ")");
            return defaultValue;
        }
        return d;
    }

    /** One of a fixed set of words, compared without case. */
    public String oneOf(String key, String defaultValue, List<String> allowed, String description) {
        Optional<String> raw = optionalString(key, description);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        String v = raw.get().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            problem(pathOf(key), "must be one of " + allowed + ", got '" + raw.get() + "' (" + description + ")");
            return defaultValue;
        }
        return v;
    }

    /**
     * A secret: only ever taken from the environment. A literal value in the file is refused, so that
     * passwords never sit in a file that gets committed.
     */
    public Secret secret(String key, String description) {
        requireDescription(description);
        String p = pathOf(key);
        JsonNode v = node.path(key);
        if (v.isValueNode() && !v.isNull() && !v.asText().isBlank() && !EnvSubstitution.isReferenceWithoutDefault(v.asText())) {
            known.add(p);
            problem(p, "is a secret and must come from the environment, written as ${SOME_VARIABLE}; "
                    + "remove the literal value from the file (" + description + ")");
            return Secret.empty();
        }
        return optionalString(key, description).map(Secret::of).orElse(Secret.empty());
    }

    public void problem(String atPath, String message) {
        problems.add(new ConfigProblem(file, atPath, message));
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Reports every key under this reader that no record declared. Call once, after reading everything. */
    public void unknownKeys() {
        reportUnknown(node, path);
    }

    private void reportUnknown(JsonNode n, String at) {
        if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                reportUnknown(n.get(i), at + "[" + i + "]");
            }
            return;
        }
        if (!n.isObject()) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = n.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String p = at.isEmpty() ? f.getKey() : at + "." + f.getKey();
            if (!known.contains(p)) {
                problem(p, "unknown key" + suggestion(at, f.getKey()));
            } else {
                reportUnknown(f.getValue(), p);
            }
        }
    }

    private String suggestion(String parent, String key) {
        String prefix = parent.isEmpty() ? "" : parent + ".";
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            if (k.startsWith(prefix) && k.indexOf('.', prefix.length()) < 0) {
                int d = distance(k.substring(prefix.length()), key);
                if (d < bestDistance) {
                    bestDistance = d;
                    best = k.substring(prefix.length());
                }
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** A duration as the config files write it ({@code 100ms}, {@code 30s}, {@code 20m}, {@code 2h}, {@code 7d}) or ISO-8601 ({@code PT20M}). */
    public static Optional<Duration> parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return Optional.of(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Optional.of(Duration.parse(text.trim().toUpperCase(Locale.ROOT)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static void requireDescription(String description) {
        if (description == null || description.isBlank()) {
            throw new IllegalArgumentException("every configuration key needs a description");
        }
    }
}
