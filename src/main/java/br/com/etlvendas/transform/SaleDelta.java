package br.com.etlvendas.transform;

import java.math.BigDecimal;
import java.util.List;

/**
 * A change one record makes to the windowed KPIs of its sale: lines added (positive) or taken away
 * (negative, a correction or cancellation), each with its revenue and units, and {@code orders} +1 when the
 * sale starts counting, -1 when it stops, 0 otherwise. Windows are chosen by {@code soldAtMillis}; the
 * dimension values are the sale's. Aggregating deltas gives the same totals in any arrival order.
 */
record SaleDelta(String saleId, long soldAtMillis, String currency, String store, String state, String channel,
                 String payment, int orders, List<LineDelta> lines) {

    SaleDelta {
        lines = List.copyOf(lines);
    }

    /** One line's share: {@code lines} is +1 for a line added, -1 for one taken away. */
    record LineDelta(String category, String sku, String productName, BigDecimal revenue, BigDecimal units, int lines) {
    }

    /** The same change undone: what cancelling the sale this delta added takes away. */
    SaleDelta negated() {
        return new SaleDelta(saleId, soldAtMillis, currency, store, state, channel, payment, -orders,
                lines.stream().map(l -> new LineDelta(l.category(), l.sku(), l.productName(), l.revenue().negate(),
                        l.units().negate(), -l.lines())).toList());
    }
}
