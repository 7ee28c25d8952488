package br.com.etlvendas.sale;

/**
 * The store (physical or virtual) that made a sale. {@code country} is an ISO 3166 alpha-2 code; for
 * Brazil ({@code BR}, the default) {@code state} is a UF code, elsewhere the source's own state name.
 */
public record Store(String storeId, String name, String city, String state, String country) {

    public static final String BRAZIL = "BR";

    /** A store in Brazil. */
    public Store(String storeId, String name, String city, String state) {
        this(storeId, name, city, state, BRAZIL);
    }
}
