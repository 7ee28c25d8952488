package br.com.etlvendas.sale;

import java.math.BigDecimal;

/**
 * One line of a sale. Its identity is {@code (sale_id, lineNo)}. {@code netAmount} is what the customer
 * paid for the line: {@code quantity × unitPrice − discount}.
 */
public record SaleLine(int lineNo, String sku, String productName, String category, BigDecimal quantity,
                       Money unitPrice, Money discount, Money netAmount) {
}
