package br.com.etlvendas.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionReportTest {

    @Test
    void shouldGroupReasonsThatDifferOnlyInTheirValues() {
        assertThat(RejectionReport.shape("lines[0].quantity: '-2' must be greater than zero"))
                .isEqualTo(RejectionReport.shape("lines[3].quantity: '-5' must be greater than zero"))
                .isEqualTo("lines[].quantity: '…' must be greater than zero");
    }

    @Test
    void shouldKeepOnlyTheFirstLineOfAMultiLineReason() {
        String postgres = "warehouse refused the sale (SQL state 23514): ERROR: new row for relation \"sale_line\" "
                + "violates check constraint \"no_x\"\n  Detail: Failing row contains (A-1, 2024-03-01, ...).";

        assertThat(RejectionReport.shape(postgres)).isEqualTo("warehouse refused the sale (SQL state …): ERROR: new row "
                + "for relation \"sale_line\" violates check constraint \"no_x\"");
    }
}
