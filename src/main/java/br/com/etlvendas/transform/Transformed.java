package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;

import java.util.List;

/**
 * A valid record after normalisation and the transformation steps: the sale to de-duplicate ({@code null} when a
 * filter dropped it) and how many of its lines filters left out; or, when a step threw, the reasons it goes to
 * the DLQ with ({@code failure} not null).
 */
record Transformed(Checked checked, Sale sale, int filteredLines, List<String> failure) {

    boolean failed() {
        return failure != null;
    }
}
