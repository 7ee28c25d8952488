package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Replaces a personal field (of the customer, or a line attribute such as an e-mail or phone) by its mask. */
final class MaskStep implements Transformation {

    private final SaleField field;
    private final UnaryOperator<String> mask;

    MaskStep(SaleField field, UnaryOperator<String> mask) {
        this.field = field;
        this.mask = mask;
    }

    @Override
    public Sale apply(Sale sale) {
        if (!field.lineLevel()) {
            String value = (String) field.read(sale, null);
            return value == null ? sale : field.with(sale, mask.apply(value));
        }
        List<SaleLine> lines = new ArrayList<>(sale.lines().size());
        boolean changed = false;
        for (SaleLine line : sale.lines()) {
            String value = (String) field.read(sale, line);
            if (value == null) {
                lines.add(line);
            } else {
                lines.add(field.with(line, mask.apply(value)));
                changed = true;
            }
        }
        return changed ? sale.withLines(lines) : sale;
    }
}
