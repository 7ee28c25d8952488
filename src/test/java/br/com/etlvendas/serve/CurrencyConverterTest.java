package br.com.etlvendas.serve;

import br.com.etlvendas.config.ReportingConfig;
import br.com.etlvendas.sale.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class CurrencyConverterTest {

    private final CurrencyConverter converter = new CurrencyConverter(
            new ReportingConfig("BRL", Map.of("USD", new BigDecimal("5.35"))));

    @Test
    void shouldConvertWithTheConfiguredRateAndKeepTheOriginalAmountAndCurrency() {
        // given
        Map<String, Money> byCurrency = new TreeMap<>(Map.of("USD", Money.parse("100.10"), "BRL", Money.parse("10.00")));

        // when
        CurrencyConverter.Report report = converter.report(byCurrency, 2);

        // then 100.10 USD × 5.35 = 535.535 BRL, to the cent half-even 535.54; plus 10.00 BRL
        assertThat(report.reportingCurrency()).isEqualTo("BRL");
        assertThat(report.total().amount()).isEqualByComparingTo("545.54");
        assertThat(report.averageTicket().amount()).isEqualByComparingTo("272.77");
        assertThat(report.unconverted()).isEmpty();
        CurrencyConverter.Amount usd = report.byCurrency().stream().filter(a -> a.currency().equals("USD")).findFirst().orElseThrow();
        assertThat(usd.amount().amount()).isEqualByComparingTo("100.10");
        assertThat(usd.rate()).isEqualByComparingTo("5.35");
        assertThat(usd.inReportingCurrency().amount()).isEqualByComparingTo("535.54");
        assertThat(usd.converted()).isTrue();
    }

    @Test
    void shouldShowACurrencyWithoutARateUnconvertedFlaggedAndOutOfTheTotal() {
        // when
        CurrencyConverter.Report report = converter.report(Map.of("BRL", Money.parse("10.00"), "EUR", Money.parse("7.00")), 2);

        // then
        assertThat(report.total().amount()).isEqualByComparingTo("10.00");
        assertThat(report.unconverted()).containsExactly("EUR");
        assertThat(report.averageTicket()).as("no average over amounts left out").isNull();
        CurrencyConverter.Amount eur = report.byCurrency().stream().filter(a -> a.currency().equals("EUR")).findFirst().orElseThrow();
        assertThat(eur.amount().amount()).isEqualByComparingTo("7.00");
        assertThat(eur.converted()).isFalse();
        assertThat(eur.inReportingCurrency()).isNull();
    }
}
