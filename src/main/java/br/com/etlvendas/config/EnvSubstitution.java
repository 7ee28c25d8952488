package br.com.etlvendas.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in a configuration value with the environment's
 * values. A variable that is unset and has no default is a problem, reported by name.
 */
final class EnvSubstitution {

    static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:-([^}]*))?}");

    private final Map<String, String> env;

    EnvSubstitution(Map<String, String> env) {
        this.env = env;
    }

    record Result(String value, List<String> missing) {
    }

    Result apply(String text) {
        List<String> missing = new ArrayList<>();
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String value = env.get(name);
            if (value == null || (value.isEmpty() && m.group(2) != null)) {
                if (m.group(2) != null) {
                    value = m.group(3);
                } else {
                    missing.add(name);
                    value = "";
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return new Result(out.toString(), missing);
    }

    /**
     * True when the whole text is one reference with no default value, or with an empty one: the only forms
     * a secret may take in a file, so that no password is ever written into it.
     */
    static boolean isReferenceWithoutDefault(String text) {
        Matcher m = REFERENCE.matcher(text.trim());
        return m.matches() && (m.group(3) == null || m.group(3).isEmpty());
    }
}
