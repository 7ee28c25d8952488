package br.com.etlvendas.sale;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One line of a {@link RawSale}, every field as the source gave it (canonical decimal text for numbers);
 * {@code attributes} holds extra source columns kept as they are.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RawSaleLine(String lineNo, String sku, String productName, String category, String quantity,
                          String unitPrice, String discount, String netAmount, Map<String, String> attributes) {

    public RawSaleLine(String lineNo, String sku, String productName, String category, String quantity,
                       String unitPrice, String discount, String netAmount) {
        this(lineNo, sku, productName, category, quantity, unitPrice, discount, netAmount, null);
    }
}
