package br.com.etlvendas.serve;

import br.com.etlvendas.config.ReportingConfig;
import br.com.etlvendas.sale.Money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Converts amounts to the reporting currency for display, with the fixed rates of the {@code reporting}
 * configuration. Amounts keep their own currency everywhere else; a currency without a rate is never added
 * to a converted total, only listed as it is and flagged.
 */
public final class CurrencyConverter {

    private final ReportingConfig config;

    public CurrencyConverter(ReportingConfig config) {
        this.config = config;
    }

    public String reportingCurrency() {
        return config.currency();
    }

    /** Units of the reporting currency per unit of {@code currency}: 1 for the reporting currency itself. */
    public Optional<BigDecimal> rate(String currency) {
        if (config.currency().equals(currency)) {
            return Optional.of(BigDecimal.ONE);
        }
        return Optional.ofNullable(config.rates().get(currency));
    }

    /** The amount in the reporting currency, to the cent (half-even), or empty when {@code currency} has no rate. */
    public Optional<Money> convert(String currency, Money amount) {
        return rate(currency).map(r -> Money.of(amount.amount().multiply(r).setScale(2, RoundingMode.HALF_EVEN)));
    }

    /** Amounts per currency as the dashboard shows them: each original, its conversion, and the converted total. */
    public Report report(Map<String, Money> byCurrency) {
        return report(byCurrency, 0);
    }

    /**
     * As {@link #report(Map)}, with the average ticket over {@code orders} in the reporting currency (to the cent,
     * half-even) when every amount could be converted, {@code null} otherwise.
     */
    public Report report(Map<String, Money> byCurrency, long orders) {
        List<Amount> amounts = new ArrayList<>();
        List<String> unconverted = new ArrayList<>();
        Money total = Money.ZERO;
        for (Map.Entry<String, Money> e : byCurrency.entrySet()) {
            Optional<BigDecimal> rate = rate(e.getKey());
            Optional<Money> converted = convert(e.getKey(), e.getValue());
            amounts.add(new Amount(e.getKey(), e.getValue(), rate.orElse(null), converted.orElse(null), converted.isPresent()));
            if (converted.isPresent()) {
                total = total.plus(converted.get());
            } else {
                unconverted.add(e.getKey());
            }
        }
        Money ticket = !unconverted.isEmpty() ? null : orders <= 0 ? Money.ZERO
                : Money.of(total.amount().divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_EVEN));
        return new Report(config.currency(), total, ticket, amounts, unconverted);
    }

    /**
     * {@code total} is the sum of the converted amounts only; {@code unconverted} names the currencies left out
     * of it for want of a rate (their amounts are in {@code byCurrency}, as they are); {@code averageTicket} is
     * null when any currency is left out.
     */
    public record Report(String reportingCurrency, Money total, Money averageTicket, List<Amount> byCurrency,
                         List<String> unconverted) {
    }

    /** One currency's amount, with its rate and converted amount ({@code null} and {@code converted=false} without a rate). */
    public record Amount(String currency, Money amount, BigDecimal rate, Money inReportingCurrency, boolean converted) {
    }
}
