package br.com.etlvendas.sale;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Canonical form of a category word: no accents, lower case, words joined by underscores. Runs once per
 * enum field of every record, so text made only of Latin-1 characters (all Portuguese and English
 * names) is folded a character at a time from a table; only other text goes through Unicode decomposition.
 */
final class Names {

    private static final Pattern MARKS = Pattern.compile("\\p{M}");
    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^a-z0-9]+");
    private static final Pattern EDGE_UNDERSCORE = Pattern.compile("^_|_$");

    /** Separates words: every character that folds to no ASCII letter or digit. */
    private static final char SEPARATOR = '_';
    /** A Latin-1 character whose fold is not one ASCII letter or digit nor nothing; none is known, kept for safety. */
    private static final char UNFOLDABLE = '\uFFFF';
    /** For each character up to U+00FF: the lower-case ASCII letter or digit it folds to, or {@link #SEPARATOR}. */
    private static final char[] LATIN1_FOLD = latin1Fold();

    private Names() {
    }

    /** The value whose synonym is the canonical form of {@code text}; empty for null or unknown text. */
    static <E> Optional<E> lookUp(String text, Map<String, E> synonyms) {
        return text == null ? Optional.empty() : Optional.ofNullable(synonyms.get(canonical(text)));
    }

    static String canonical(String text) {
        String folded = foldLatin1(text);
        return folded != null ? folded : decomposed(text);
    }

    /**
     * The canonical form of a text made only of characters up to U+00FF, or null for any other text. Each
     * such character decomposes on its own into one base letter and marks and has no context-dependent
     * lower case, so folding it alone gives what the whole text's decomposition gives. Returns the text
     * itself when it is already canonical (the usual case: {@code pix}, {@code ecommerce}).
     */
    private static String foldLatin1(String text) {
        int n = text.length();
        boolean canonical = true;
        char previous = SEPARATOR;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c > 0xFF || LATIN1_FOLD[c] == UNFOLDABLE) {
                return null;
            }
            if (c != LATIN1_FOLD[c] || c == SEPARATOR && previous == SEPARATOR) {
                canonical = false;
            }
            previous = c;
        }
        if (canonical && previous != SEPARATOR || n == 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(n);
        boolean pendingSeparator = false;
        for (int i = 0; i < n; i++) {
            char f = LATIN1_FOLD[text.charAt(i)];
            if (f == SEPARATOR) {
                pendingSeparator = true;
            } else {
                if (pendingSeparator && out.length() > 0) {
                    out.append(SEPARATOR);
                }
                pendingSeparator = false;
                out.append(f);
            }
        }
        return out.toString();
    }

    /** The general form: Unicode decomposition, marks dropped, then every run of other characters one underscore. */
    private static String decomposed(String text) {
        String plain = MARKS.matcher(Normalizer.normalize(text.trim(), Normalizer.Form.NFD)).replaceAll("");
        String joined = NOT_LETTER_OR_DIGIT.matcher(plain.toLowerCase(Locale.ROOT)).replaceAll("_");
        return EDGE_UNDERSCORE.matcher(joined).replaceAll("");
    }

    private static char[] latin1Fold() {
        char[] fold = new char[0x100];
        for (char c = 0; c < fold.length; c++) {
            String f = decomposed(String.valueOf(c));
            if (f.isEmpty()) {
                fold[c] = SEPARATOR;
            } else if (f.length() == 1 && (f.charAt(0) >= 'a' && f.charAt(0) <= 'z' || f.charAt(0) >= '0' && f.charAt(0) <= '9')) {
                fold[c] = f.charAt(0);
            } else {
                fold[c] = UNFOLDABLE;
            }
        }
        return fold;
    }
}
