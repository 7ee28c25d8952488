package br.com.etlvendas.sale;

/** The store (physical or virtual) that made a sale; {@code state} is a Brazilian UF code. */
public record Store(String storeId, String name, String city, String state) {
}
