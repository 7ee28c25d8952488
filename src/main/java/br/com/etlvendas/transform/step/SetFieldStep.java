package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Sets a field, of the sale or of every line, to a constant read once from the config ({@code null} clears it). */
final class SetFieldStep implements Transformation {

    private final SaleField field;
    private final Object value;

    SetFieldStep(SaleField field, Object value) {
        this.field = field;
        this.value = value;
    }

    @Override
    public Sale apply(Sale sale) {
        if (!field.lineLevel()) {
            return Objects.equals(field.read(sale, null), value) ? sale : field.with(sale, value);
        }
        List<SaleLine> lines = new ArrayList<>(sale.lines().size());
        boolean changed = false;
        for (SaleLine line : sale.lines()) {
            if (Objects.equals(field.read(sale, line), value)) {
                lines.add(line);
            } else {
                lines.add(field.with(line, value));
                changed = true;
            }
        }
        return changed ? sale.withLines(lines) : sale;
    }
}
