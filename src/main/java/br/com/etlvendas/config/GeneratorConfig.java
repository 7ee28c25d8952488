package br.com.etlvendas.config;

/**
 * The demo source: realistic Brazilian retail sales at a steady rate, with a share of invalid records
 * and of re-sent duplicates so every path of the pipeline is exercised.
 */
public record GeneratorConfig(boolean enabled, int salesPerSecond, double invalidFraction,
                              double duplicateFraction, int maxLinesPerSale, long seed) {

    static GeneratorConfig from(ConfigReader g) {
        boolean enabled = g.bool("enabled", true, "whether the demo generator publishes sales");
        int rate = g.integer("sales-per-second", 500, 1, 1_000_000, "sales published per second");
        double invalid = g.decimal("invalid-fraction", 0.03, 0.0, 1.0,
                "share of generated records made invalid on purpose (they must land in the DLQ)");
        double duplicate = g.decimal("duplicate-fraction", 0.05, 0.0, 1.0,
                "share of generated records that re-send an earlier sale (they must be dropped)");
        if (invalid + duplicate > 1.0) {
            g.problem(g.pathOf("invalid-fraction"), "invalid-fraction plus duplicate-fraction must not exceed 1");
        }
        int lines = g.integer("max-lines-per-sale", 5, 1, 100, "most lines in one generated sale");
        long seed = g.longValue("seed", 0, 0, Long.MAX_VALUE, "random seed; 0 picks a new one at every start");
        return new GeneratorConfig(enabled, rate, invalid, duplicate, lines, seed);
    }
}
