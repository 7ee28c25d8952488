package br.com.etlvendas.config;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How money is shown: totals are kept per currency, and the dashboard and API also show them converted to
 * one reporting currency with fixed rates from this table ({@code 1 unit of the code = rate units of the
 * reporting currency}). Rates are for display only; an amount in a currency without a rate is shown as it
 * is and flagged, never added to the converted total.
 */
public record ReportingConfig(String currency, Map<String, BigDecimal> rates) {

    public static final ReportingConfig DEFAULT = new ReportingConfig("BRL", Map.of());

    public ReportingConfig {
        rates = Map.copyOf(rates);
    }

    static ReportingConfig from(ConfigReader r) {
        String currency = r.string("currency", "BRL", "ISO-4217 code of the currency totals are converted to for display")
                .toUpperCase(Locale.ROOT);
        if (!isIsoCode(currency)) {
            r.problem(r.pathOf("currency"), "is not an ISO-4217 currency code such as BRL or USD, got '" + currency + "'");
        }
        ConfigReader table = r.section("rates",
                "conversion rates for display: ISO-4217 code -> units of the reporting currency per unit of that code, e.g. USD: 5.35");
        Map<String, BigDecimal> rates = new TreeMap<>();
        for (String code : table.keys()) {
            String value = table.string(code, "", "units of the reporting currency per one " + code);
            if (!isIsoCode(code)) {
                table.problem(table.pathOf(code), "is not an ISO-4217 currency code such as USD or EUR");
                continue;
            }
            try {
                BigDecimal rate = new BigDecimal(value);
                if (rate.signum() <= 0) {
                    table.problem(table.pathOf(code), "must be a positive decimal, got '" + value + "'");
                } else {
                    rates.put(code, rate);
                }
            } catch (NumberFormatException e) {
                table.problem(table.pathOf(code), "must be a positive decimal such as 5.35, got '" + value + "'");
            }
        }
        return new ReportingConfig(currency, rates);
    }

    private static boolean isIsoCode(String code) {
        if (code.length() != 3 || !code.equals(code.toUpperCase(Locale.ROOT))) {
            return false;
        }
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
