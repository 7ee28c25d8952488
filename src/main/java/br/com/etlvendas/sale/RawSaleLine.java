package br.com.etlvendas.sale;

/** One line of a {@link RawSale}, every field as the source gave it (canonical decimal text for numbers). */
public record RawSaleLine(String lineNo, String sku, String productName, String category, String quantity,
                          String unitPrice, String discount, String netAmount) {
}
