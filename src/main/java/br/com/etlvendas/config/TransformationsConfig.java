package br.com.etlvendas.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code transformations:} list of {@code etl-config.yml}: the steps every valid, normalised sale goes through,
 * in order, before de-duplication. This record holds what each step is declared with; which fields exist, what a
 * value means for a field and whether a custom class can be loaded are checked where the chain is built
 * ({@code transform.step.TransformationChain}), which reports its problems the same way. An empty list (the
 * default) means no step at all, and no cost per record. {@code file} is where the steps were declared.
 */
public record TransformationsConfig(String file, List<Step> steps) {

    public TransformationsConfig {
        steps = List.copyOf(steps);
    }

    public static TransformationsConfig none() {
        return new TransformationsConfig("", List.of());
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** One declared step: its key path in the file (for problems found later), and the name it is reported by. */
    public sealed interface Step {
        String path();

        String name();
    }

    /** Keeps (or, with {@code drop}, removes) the sales, or for a line field the lines, that match. */
    public record Filter(String path, String name, String field, FilterOperator operator, List<String> values,
                         boolean keepMatching) implements Step {
        public Filter {
            values = List.copyOf(values);
        }
    }

    /** Sets a field, on the sale or on every line, to a constant. */
    public record SetValue(String path, String name, String field, String value) implements Step {
    }

    /** Renames an attribute key on every line. */
    public record Rename(String path, String name, String from, String to) implements Step {
    }

    /** Masks a personal field. {@code keep} applies to {@link MaskStyle#KEEP_LAST}; {@code salt} to {@link MaskStyle#HASH}. */
    public record Mask(String path, String name, String field, MaskStyle style, int keep, Secret salt) implements Step {
    }

    /** A step of the user's own: a class implementing {@code Transformation}, with its own settings. */
    public record Custom(String path, String name, String className, Map<String, String> settings) implements Step {
        public Custom {
            settings = Map.copyOf(settings);
        }
    }

    /** How a filter compares a field with its value(s). */
    public enum FilterOperator {
        EQUALS("equals", 1), NOT_EQUALS("not-equals", 1), IN("in", -1), NOT_IN("not-in", -1),
        IS_BLANK("is-blank", 0), NOT_BLANK("not-blank", 0),
        GREATER_THAN("gt", 1), GREATER_OR_EQUAL("ge", 1), LESS_THAN("lt", 1), LESS_OR_EQUAL("le", 1);

        private final String word;
        /** Values the operator takes: 0, 1, or at least one (-1). */
        private final int arity;

        FilterOperator(String word, int arity) {
            this.word = word;
            this.arity = arity;
        }

        public String word() {
            return word;
        }

        public boolean isNumericComparison() {
            return this == GREATER_THAN || this == GREATER_OR_EQUAL || this == LESS_THAN || this == LESS_OR_EQUAL;
        }

        static List<String> words() {
            return Arrays.stream(values()).map(FilterOperator::word).toList();
        }

        static FilterOperator of(String word) {
            return Arrays.stream(values()).filter(o -> o.word.equals(word)).findFirst().orElseThrow();
        }
    }

    /** How a masked value is written. */
    public enum MaskStyle {
        /** Letters and digits only, all but the last {@code keep} replaced by {@code *}: CPF/CNPJ, phone. */
        KEEP_LAST("keep-last"),
        /** First character of the local part, then {@code ***@} and the whole domain. */
        EMAIL("email"),
        /** HMAC-SHA256 with a secret salt, hex: the same value always gives the same mask, so it still joins. */
        HASH("hash"),
        /** The value replaced by {@code ***}. */
        REDACT("redact");

        private final String word;

        MaskStyle(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }

        static List<String> words() {
            return Arrays.stream(values()).map(MaskStyle::word).toList();
        }

        static MaskStyle of(String word) {
            return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst().orElseThrow();
        }
    }

    private static final List<String> TYPES = List.of("filter", "set", "rename", "mask", "custom");

    static TransformationsConfig from(ConfigReader root) {
        List<ConfigReader> items = root.list("transformations",
                "steps every valid sale goes through before de-duplication, in order (empty: none)");
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            step(items.get(i), i + 1).ifPresent(steps::add);
        }
        return new TransformationsConfig(root.file(), steps);
    }

    private static Optional<Step> step(ConfigReader s, int number) {
        String path = s.path();
        String type = s.oneOf("type", "", TYPES, "what the step does: " + String.join(", ", TYPES));
        if (type.isEmpty()) {
            if (!s.has("type")) {
                s.problem(s.pathOf("type"), "is required (what the step does: " + String.join(", ", TYPES) + ")");
            }
            return Optional.empty();
        }
        String name = s.string("name", number + "-" + type, "the step's name in logs and DLQ reasons");
        return Optional.of(switch (type) {
            case "filter" -> filter(s, path, name);
            case "set" -> new SetValue(path, name, s.requiredString("field", "the field to set"),
                    s.string("value", "", "the constant the field is set to (empty: cleared)"));
            case "rename" -> new Rename(path, name, s.requiredString("from", "the attribute key to rename"),
                    s.requiredString("to", "the attribute's new key"));
            case "mask" -> mask(s, path, name);
            default -> new Custom(path, name, s.requiredString("class",
                    "fully qualified name of a class implementing br.com.etlvendas.transform.step.Transformation"),
                    s.stringMap("config", "settings handed to the class's constructor"));
        });
    }

    private static Step filter(ConfigReader s, String path, String name) {
        String field = s.requiredString("field", "the sale, store, customer or line field the filter tests");
        String op = s.oneOf("operator", "", FilterOperator.words(), "how the field is compared");
        if (op.isEmpty() && !s.has("operator")) {
            s.problem(s.pathOf("operator"), "is required (one of " + FilterOperator.words() + ")");
        }
        FilterOperator operator = op.isEmpty() ? FilterOperator.EQUALS : FilterOperator.of(op);
        List<String> values = new ArrayList<>();
        if (s.has("values")) {
            values.addAll(s.stringList("values", "the values the field is compared with (in, not-in)"));
        }
        s.optionalString("value", "the value the field is compared with").ifPresent(values::add);
        if (operator.arity == 0 && !values.isEmpty()) {
            s.problem(path, "operator " + operator.word() + " takes no value");
        } else if (operator.arity == 1 && values.size() != 1) {
            s.problem(path, "operator " + operator.word() + " needs exactly one value (key 'value')");
        } else if (operator.arity < 0 && values.isEmpty()) {
            s.problem(path, "operator " + operator.word() + " needs a list of values (key 'values')");
        }
        String action = s.oneOf("action", "keep", List.of("keep", "drop"),
                "keep what matches (default) or drop what matches");
        return new Filter(path, name, field, operator, values, action.equals("keep"));
    }

    private static Step mask(ConfigReader s, String path, String name) {
        String field = s.requiredString("field", "the personal field to mask");
        MaskStyle style = MaskStyle.of(s.oneOf("style", "keep-last", MaskStyle.words(), "how the masked value is written"));
        int keep = style == MaskStyle.KEEP_LAST
                ? s.integer("keep", 2, 0, 8, "letters or digits kept at the end (keep-last)") : 0;
        Secret salt = style == MaskStyle.HASH ? s.secret("salt", "secret key of the hash, from the environment") : Secret.empty();
        if (style == MaskStyle.HASH && salt.isEmpty()) {
            s.problem(s.pathOf("salt"), "is required for style hash, written as ${SOME_VARIABLE} (secret key of the hash)");
        }
        return new Mask(path, name, field, style, keep, salt);
    }

}
