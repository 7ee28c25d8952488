package br.com.etlvendas.sale;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a sale. Its identity is {@code (sale_id, lineNo)}. {@code netAmount} is what the customer
 * paid for the line: {@code quantity × unitPrice − discount}. {@code attributes} keeps source columns the
 * model has no field for (a cost, a profit, a shipping mode), as the source wrote them.
 */
public record SaleLine(int lineNo, String sku, String productName, String category, BigDecimal quantity,
                       Money unitPrice, Money discount, Money netAmount, Map<String, String> attributes) {

    public SaleLine {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(attributes));
    }

    public SaleLine(int lineNo, String sku, String productName, String category, BigDecimal quantity,
                    Money unitPrice, Money discount, Money netAmount) {
        this(lineNo, sku, productName, category, quantity, unitPrice, discount, netAmount, Map.of());
    }
}
