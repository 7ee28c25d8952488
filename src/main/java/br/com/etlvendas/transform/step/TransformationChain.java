package br.com.etlvendas.transform.step;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigProblem;
import br.com.etlvendas.config.TransformationsConfig;
import br.com.etlvendas.config.TransformationsConfig.FilterOperator;
import br.com.etlvendas.sale.Sale;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The {@code transformations:} steps, built once at start-up from the config: built-in steps with their values
 * read and checked, custom classes loaded and constructed with their settings. Every problem of every step is
 * collected and thrown together as a {@link ConfigException}. {@link #apply} runs the steps in order on one sale.
 */
public final class TransformationChain {

    private static final TransformationChain NONE = new TransformationChain(List.of(), List.of());

    private final Transformation[] steps;
    private final String[] names;

    private TransformationChain(List<Transformation> steps, List<String> names) {
        this.steps = steps.toArray(new Transformation[0]);
        this.names = names.toArray(new String[0]);
    }

    /** No step: the topology then leaves the chain out altogether. */
    public static TransformationChain none() {
        return NONE;
    }

    /** Steps given directly (tests, embedding); each named by its position. */
    public static TransformationChain of(Transformation... steps) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < steps.length; i++) {
            names.add((i + 1) + "-" + steps[i].getClass().getSimpleName());
        }
        return new TransformationChain(List.of(steps), names);
    }

    public boolean isEmpty() {
        return steps.length == 0;
    }

    public List<String> stepNames() {
        return List.of(names);
    }

    /**
     * The sale after every step, or {@code null} when a step dropped it (or all its lines).
     *
     * @throws StepFailedException when a step throws, adds lines or changes the sale id; names the step
     */
    public Sale apply(Sale sale) {
        Sale current = sale;
        for (int i = 0; i < steps.length; i++) {
            Sale out;
            try {
                out = steps[i].apply(current);
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                throw new StepFailedException(names[i], e);
            }
            if (out == null || out.lines().isEmpty()) {
                return null;
            }
            if (out != current) {
                if (out.lines().size() > current.lines().size()) {
                    throw new StepFailedException(names[i], new IllegalStateException("the step added lines ("
                            + current.lines().size() + " in, " + out.lines().size() + " out); steps may change or drop lines, not add them"));
                }
                if (!out.saleId().equals(current.saleId())) {
                    throw new StepFailedException(names[i], new IllegalStateException(
                            "the step changed sale_id '" + current.saleId() + "' to '" + out.saleId() + "'"));
                }
            }
            current = out;
        }
        return current;
    }

    /** Every problem of every step of the config, none when the chain can be built. */
    public static List<ConfigProblem> problemsOf(TransformationsConfig config) {
        try {
            build(config);
            return List.of();
        } catch (ConfigException e) {
            return e.problems();
        }
    }

    /** The chain the config declares; throws {@link ConfigException} listing every problem of every step. */
    public static TransformationChain build(TransformationsConfig config) {
        if (config.isEmpty()) {
            return NONE;
        }
        List<ConfigProblem> problems = new ArrayList<>();
        List<Transformation> steps = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (TransformationsConfig.Step spec : config.steps()) {
            Problems p = new Problems(config.file(), spec.path(), problems);
            if (names.contains(spec.name())) {
                p.add("name", "another step is already named '" + spec.name() + "'");
            }
            step(spec, p).ifPresent(steps::add);
            names.add(spec.name());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new TransformationChain(steps, names);
    }

    private static Optional<Transformation> step(TransformationsConfig.Step spec, Problems p) {
        if (spec instanceof TransformationsConfig.Filter f) {
            return filter(f, p);
        } else if (spec instanceof TransformationsConfig.SetValue s) {
            return set(s, p);
        } else if (spec instanceof TransformationsConfig.Rename r) {
            return rename(r, p);
        } else if (spec instanceof TransformationsConfig.Mask m) {
            return mask(m, p);
        }
        return custom((TransformationsConfig.Custom) spec, p);
    }

    private static Optional<SaleField> field(String name, String key, Problems p) {
        Optional<SaleField> field = SaleField.named(name);
        if (field.isEmpty()) {
            p.add(key, "unknown field '" + name + "'; the fields are " + SaleField.names());
        }
        return field;
    }

    private static Optional<Transformation> filter(TransformationsConfig.Filter f, Problems p) {
        Optional<SaleField> found = field(f.field(), "field", p);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SaleField field = found.get();
        FilterOperator op = f.operator();
        if (op.isNumericComparison() && field.kind() != SaleField.Kind.NUMBER && field.kind() != SaleField.Kind.TIME
                && !(field instanceof SaleField.Attribute)) {
            p.add("operator", op.word() + " compares numbers or times, and " + field.name() + " is neither");
            return Optional.empty();
        }
        List<Object> values = new ArrayList<>();
        for (String v : f.values()) {
            try {
                values.add(op.isNumericComparison() && field instanceof SaleField.Attribute ? SaleField.decimal(v) : field.parse(v));
            } catch (IllegalArgumentException e) {
                p.add("value", e.getMessage() + " (field " + field.name() + ")");
            }
        }
        return values.size() == f.values().size() ? Optional.of(new FilterStep(field, op, values, f.keepMatching())) : Optional.empty();
    }

    private static Optional<Transformation> set(TransformationsConfig.SetValue s, Problems p) {
        Optional<SaleField> found = field(s.field(), "field", p);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        SaleField field = found.get();
        if (!field.settable()) {
            p.add("field", field.name() + " cannot be set (identity, time, amounts and validated codes stay as validated)");
            return Optional.empty();
        }
        if (s.value().isEmpty()) {
            if (field.kind() == SaleField.Kind.CHOICE) {
                p.add("value", field.name() + " cannot be cleared; give a value");
                return Optional.empty();
            }
            return Optional.of(new SetFieldStep(field, null));
        }
        try {
            return Optional.of(new SetFieldStep(field, field.parse(s.value())));
        } catch (IllegalArgumentException e) {
            p.add("value", e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Transformation> rename(TransformationsConfig.Rename r, Problems p) {
        if (r.from().equals(r.to())) {
            p.add("to", "is the same key as 'from'");
            return Optional.empty();
        }
        return Optional.of(new RenameAttributeStep(stripPrefix(r.from()), stripPrefix(r.to())));
    }

    /** {@code from: attributes.Ship Mode} and {@code from: Ship Mode} name the same attribute. */
    private static String stripPrefix(String key) {
        return key.startsWith(SaleField.ATTRIBUTES) ? key.substring(SaleField.ATTRIBUTES.length()) : key;
    }

    private static Optional<Transformation> mask(TransformationsConfig.Mask m, Problems p) {
        Optional<SaleField> found = field(m.field(), "field", p);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        if (!found.get().maskable()) {
            p.add("field", found.get().name() + " is not a personal field; mask customer_id, customer_name, "
                    + "customer_document or attributes.<key>");
            return Optional.empty();
        }
        if (m.style() == TransformationsConfig.MaskStyle.HASH && m.salt().isEmpty()) {
            return Optional.empty(); // the missing salt is the config's problem, already listed
        }
        UnaryOperator<String> mask = switch (m.style()) {
            case KEEP_LAST -> Masks.keepLast(m.keep());
            case EMAIL -> Masks::email;
            case HASH -> Masks.hash(m.salt().reveal());
            case REDACT -> Masks::redact;
        };
        return Optional.of(new MaskStep(found.get(), mask));
    }

    private static Optional<Transformation> custom(TransformationsConfig.Custom c, Problems p) {
        Class<?> type;
        try {
            type = Class.forName(c.className(), true, classLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            p.add("class", "class " + c.className() + " cannot be loaded (" + e.getClass().getSimpleName()
                    + "); put its jar in plugins/ (the launcher adds plugins/* to the classpath)");
            return Optional.empty();
        }
        if (!Transformation.class.isAssignableFrom(type)) {
            p.add("class", c.className() + " does not implement " + Transformation.class.getName());
            return Optional.empty();
        }
        if (Modifier.isAbstract(type.getModifiers()) || !Modifier.isPublic(type.getModifiers())) {
            p.add("class", c.className() + " must be a public, non-abstract class");
            return Optional.empty();
        }
        Constructor<?> constructor;
        try {
            constructor = type.getConstructor(Map.class);
        } catch (NoSuchMethodException e) {
            p.add("class", c.className() + " needs a public constructor taking its settings, " + type.getSimpleName()
                    + "(Map<String, String> config)");
            return Optional.empty();
        }
        try {
            return Optional.of((Transformation) constructor.newInstance(c.settings()));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            p.add("config", c.className() + " refused its settings: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (ReflectiveOperationException e) {
            p.add("class", c.className() + " cannot be constructed: " + e);
        }
        return Optional.empty();
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : TransformationChain.class.getClassLoader();
    }

    /** The problems of one step, at its key path. */
    private record Problems(String file, String stepPath, List<ConfigProblem> all) {
        void add(String key, String message) {
            all.add(new ConfigProblem(file, stepPath + "." + key, message));
        }
    }
}
