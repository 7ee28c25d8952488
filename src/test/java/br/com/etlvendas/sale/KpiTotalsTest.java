package br.com.etlvendas.sale;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KpiTotalsTest {

    @Test
    void shouldKeepRevenuePerCurrencyAndNeverMergeCurrencies() {
        // given
        KpiTotals a = KpiTotals.empty("s", 0).plusRevenue("BRL", Money.parse("10.00")).plusRevenue("USD", Money.parse("2.00"));
        KpiTotals b = KpiTotals.empty("s", 1).plusRevenue("USD", Money.parse("3.00"));

        // when
        KpiTotals sum = a.plus(b);

        // then
        assertThat(sum.revenueByCurrency().get("BRL").amount()).isEqualByComparingTo("10.00");
        assertThat(sum.revenueByCurrency().get("USD").amount()).isEqualByComparingTo("5.00");
        assertThat(sum.revenue().amount()).isEqualByComparingTo("15.00");
    }

    @Test
    void shouldReadTotalsPublishedBeforeCurrenciesWithTheirRevenueUnderTheUnknownCurrency() throws Exception {
        // given a record in the first JSON form, with no revenueByCurrency
        String json = "{\"source\":\"s\",\"partition\":0,\"lines\":1,\"orders\":1,\"revenue\":12.34,"
                + "\"rejectedRecords\":0,\"rejectedLines\":0,\"duplicateLines\":0,\"updatedAt\":\"2024-03-01T00:00:00Z\"}";

        // when
        KpiTotals old = SaleJson.mapper().readValue(json, KpiTotals.class);

        // then
        assertThat(old.revenue().amount()).isEqualByComparingTo("12.34");
        assertThat(old.revenueByCurrency()).isEmpty();
        assertThat(old.revenueByCurrencyOrUnknown()).containsOnlyKeys(KpiTotals.UNKNOWN_CURRENCY);
        KpiTotals after = old.plusRevenue("BRL", Money.parse("1.00"));
        assertThat(after.revenueByCurrencyOrUnknown()).isEqualTo(Map.of(KpiTotals.UNKNOWN_CURRENCY, Money.parse("12.34"),
                "BRL", Money.parse("1.00")));
        assertThat(after.updatedAt()).isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    }
}
