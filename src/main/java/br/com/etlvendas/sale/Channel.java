package br.com.etlvendas.sale;

import java.util.Map;
import java.util.Optional;

/** Where a sale happened. Parsing accepts the Portuguese and English names sources use. */
public enum Channel {
    STORE, ECOMMERCE, MARKETPLACE, APP, PHONE;

    private static final Map<String, Channel> SYNONYMS = Map.ofEntries(
            Map.entry("store", STORE), Map.entry("loja", STORE), Map.entry("loja_fisica", STORE),
            Map.entry("pos", STORE), Map.entry("pdv", STORE),
            Map.entry("ecommerce", ECOMMERCE), Map.entry("e_commerce", ECOMMERCE), Map.entry("online", ECOMMERCE),
            Map.entry("site", ECOMMERCE), Map.entry("web", ECOMMERCE), Map.entry("loja_virtual", ECOMMERCE),
            Map.entry("marketplace", MARKETPLACE),
            Map.entry("app", APP), Map.entry("aplicativo", APP), Map.entry("mobile", APP),
            Map.entry("phone", PHONE), Map.entry("telefone", PHONE), Map.entry("televendas", PHONE));

    public static Optional<Channel> parse(String text) {
        return Names.lookUp(text, SYNONYMS);
    }
}
