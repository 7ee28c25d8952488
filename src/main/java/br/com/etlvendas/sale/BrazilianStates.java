package br.com.etlvendas.sale;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The 27 federative units of Brazil (26 states and the Federal District), by their two-letter code. */
public final class BrazilianStates {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("AC", "Acre"), Map.entry("AL", "Alagoas"), Map.entry("AP", "Amapá"), Map.entry("AM", "Amazonas"),
            Map.entry("BA", "Bahia"), Map.entry("CE", "Ceará"), Map.entry("DF", "Distrito Federal"),
            Map.entry("ES", "Espírito Santo"), Map.entry("GO", "Goiás"), Map.entry("MA", "Maranhão"),
            Map.entry("MT", "Mato Grosso"), Map.entry("MS", "Mato Grosso do Sul"), Map.entry("MG", "Minas Gerais"),
            Map.entry("PA", "Pará"), Map.entry("PB", "Paraíba"), Map.entry("PR", "Paraná"), Map.entry("PE", "Pernambuco"),
            Map.entry("PI", "Piauí"), Map.entry("RJ", "Rio de Janeiro"), Map.entry("RN", "Rio Grande do Norte"),
            Map.entry("RS", "Rio Grande do Sul"), Map.entry("RO", "Rondônia"), Map.entry("RR", "Roraima"),
            Map.entry("SC", "Santa Catarina"), Map.entry("SP", "São Paulo"), Map.entry("SE", "Sergipe"),
            Map.entry("TO", "Tocantins"));

    private BrazilianStates() {
    }

    /** The code in upper case when the text names a unit by code, e.g. {@code " sp"} gives {@code SP}. */
    public static Optional<String> code(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String c = text.trim().toUpperCase(Locale.ROOT);
        return NAMES.containsKey(c) ? Optional.of(c) : Optional.empty();
    }

    public static String name(String code) {
        return NAMES.get(code);
    }
}
