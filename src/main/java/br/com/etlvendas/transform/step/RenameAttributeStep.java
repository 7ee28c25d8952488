package br.com.etlvendas.transform.step;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Renames an attribute key on every line that has it; a line already holding the new key has it replaced. */
final class RenameAttributeStep implements Transformation {

    private final String from;
    private final String to;

    RenameAttributeStep(String from, String to) {
        this.from = from;
        this.to = to;
    }

    @Override
    public Sale apply(Sale sale) {
        List<SaleLine> lines = null;
        List<SaleLine> in = sale.lines();
        for (int i = 0; i < in.size(); i++) {
            SaleLine line = in.get(i);
            String value = line.attributes().get(from);
            if (value == null && lines == null) {
                continue;
            }
            if (lines == null) {
                lines = new ArrayList<>(in.subList(0, i));
            }
            lines.add(value == null ? line : renamed(line, value));
        }
        return lines == null ? sale : sale.withLines(lines);
    }

    private SaleLine renamed(SaleLine l, String value) {
        Map<String, String> attributes = new HashMap<>(l.attributes());
        attributes.remove(from);
        attributes.put(to, value);
        return new SaleLine(l.lineNo(), l.sku(), l.productName(), l.category(), l.quantity(), l.unitPrice(),
                l.discount(), l.netAmount(), attributes);
    }
}
