package br.com.etlvendas.cli;

import br.com.etlvendas.extract.generator.GeneratorLedger;
import br.com.etlvendas.sale.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    @Test
    void shouldCountLinesTheWarehouseRefusedAsRejectedAndSaySo() {
        Reconciler.Accounting a = new Reconciler.Accounting(95, Money.parse("100.00"), 3, 2, 0);

        assertThat(a.rejected()).isEqualTo(5);
        assertThat(a.total()).isEqualTo(100);
        Reconciler.Result r = new Reconciler.Result(new GeneratorLedger.Snapshot(40, 100, 97, 3, 0, Money.parse("100")), a);
        assertThat(r.balanced()).isTrue();
        assertThat(r.line()).contains("loaded=95 rejected=5 duplicates=0 loaded+rejected+duplicates=100 (OK)")
                .endsWith("(OK) (rejected includes 2 refused by the warehouse after validation)");
    }

    @Test
    void shouldSayNothingMoreWhenTheWarehouseRefusedNothing() {
        Reconciler.Accounting a = new Reconciler.Accounting(10, Money.ZERO, 1, 0, 2);

        assertThat(a.total()).isEqualTo(13);
        assertThat(a.refusalNote()).isEmpty();
    }
}
