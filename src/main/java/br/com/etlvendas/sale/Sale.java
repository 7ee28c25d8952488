package br.com.etlvendas.sale;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A validated order with one or more lines. {@code soldAt} always carries its offset; {@code source}
 * names where the record came from (e.g. {@code generator:run-1}).
 */
public record Sale(String saleId, OffsetDateTime soldAt, Store store, Channel channel, Customer customer,
                   PaymentMethod paymentMethod, String currency, SaleStatus status, List<SaleLine> lines,
                   String source) {

    public Sale {
        lines = List.copyOf(lines);
    }

    public Sale withLines(List<SaleLine> newLines) {
        return new Sale(saleId, soldAt, store, channel, customer, paymentMethod, currency, status, newLines, source);
    }

    /** Whether the lines of this sale count as revenue: only completed sales do. */
    public boolean countsAsRevenue() {
        return status == SaleStatus.COMPLETED;
    }

    /** Sum of the lines' net amounts when the sale counts as revenue, zero otherwise. */
    public Money revenue() {
        if (!countsAsRevenue()) {
            return Money.ZERO;
        }
        Money total = Money.ZERO;
        for (SaleLine l : lines) {
            total = total.plus(l.netAmount());
        }
        return total;
    }
}
