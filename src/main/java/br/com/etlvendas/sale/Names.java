package br.com.etlvendas.sale;

import java.text.Normalizer;
import java.util.Locale;

/** Canonical form of a category word: no accents, lower case, words joined by underscores. */
final class Names {

    private Names() {
    }

    static String canonical(String text) {
        String plain = Normalizer.normalize(text.trim(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }
}
