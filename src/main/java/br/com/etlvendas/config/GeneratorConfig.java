package br.com.etlvendas.config;

/**
 * The demo source: realistic Brazilian retail sales at a steady rate, with a share of invalid records, of
 * re-sent duplicates, of corrected versions and of cancellations of earlier sales, so every path of the
 * pipeline is exercised.
 */
public record GeneratorConfig(boolean enabled, int salesPerSecond, double invalidFraction,
                              double duplicateFraction, int maxLinesPerSale, long seed,
                              double correctionFraction, double cancellationFraction) {

    /** A generator that sends no corrections or cancellations. */
    public GeneratorConfig(boolean enabled, int salesPerSecond, double invalidFraction, double duplicateFraction,
                           int maxLinesPerSale, long seed) {
        this(enabled, salesPerSecond, invalidFraction, duplicateFraction, maxLinesPerSale, seed, 0, 0);
    }

    static GeneratorConfig from(ConfigReader g) {
        boolean enabled = g.bool("enabled", true, "whether the demo generator publishes sales");
        int rate = g.integer("sales-per-second", 500, 1, 1_000_000, "sales published per second");
        double invalid = g.decimal("invalid-fraction", 0.03, 0.0, 1.0,
                "share of generated records made invalid on purpose (they must land in the DLQ)");
        double duplicate = g.decimal("duplicate-fraction", 0.05, 0.0, 1.0,
                "share of generated records that re-send an earlier sale (they must be dropped)");
        double correction = g.decimal("correction-fraction", 0.0, 0.0, 1.0,
                "share of generated records that re-send an earlier sale as a corrected whole version (a price or "
                        + "quantity changed, or a line removed): it replaces the sale's lines");
        double cancellation = g.decimal("cancellation-fraction", 0.0, 0.0, 1.0,
                "share of generated records that re-send an earlier sale cancelled: its revenue and order leave the KPIs");
        if (invalid + duplicate + correction + cancellation > 1.0) {
            g.problem(g.pathOf("invalid-fraction"),
                    "invalid-fraction, duplicate-fraction, correction-fraction and cancellation-fraction together must not exceed 1");
        }
        int lines = g.integer("max-lines-per-sale", 5, 1, 100, "most lines in one generated sale");
        long seed = g.longValue("seed", 0, 0, Long.MAX_VALUE, "random seed; 0 picks a new one at every start");
        return new GeneratorConfig(enabled, rate, invalid, duplicate, lines, seed, correction, cancellation);
    }
}
