package br.com.etlvendas.sale;

/** Who bought. {@code document} (CPF/CNPJ digits) may be null: many sales are anonymous. */
public record Customer(String customerId, String name, String document) {
}
