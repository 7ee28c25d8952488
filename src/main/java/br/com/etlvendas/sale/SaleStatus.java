package br.com.etlvendas.sale;

import java.util.Map;
import java.util.Optional;

/** The state of a sale. Only {@link #COMPLETED} sales count as revenue. */
public enum SaleStatus {
    COMPLETED, CANCELLED, RETURNED;

    private static final Map<String, SaleStatus> SYNONYMS = Map.ofEntries(
            Map.entry("completed", COMPLETED), Map.entry("complete", COMPLETED), Map.entry("paid", COMPLETED),
            Map.entry("concluida", COMPLETED), Map.entry("concluido", COMPLETED), Map.entry("pago", COMPLETED),
            Map.entry("faturado", COMPLETED), Map.entry("aprovado", COMPLETED),
            Map.entry("cancelled", CANCELLED), Map.entry("canceled", CANCELLED), Map.entry("cancelada", CANCELLED),
            Map.entry("cancelado", CANCELLED),
            Map.entry("returned", RETURNED), Map.entry("devolvida", RETURNED), Map.entry("devolvido", RETURNED));

    public static Optional<SaleStatus> parse(String text) {
        return Names.lookUp(text, SYNONYMS);
    }
}
