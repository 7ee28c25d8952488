package br.com.etlvendas.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class KpiWindowsAndReportingConfigTest {

    @TempDir
    Path dir;

    private LoadedConfig load(String yaml) throws IOException {
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), yaml);
        Path topics = Files.writeString(dir.resolve("topics.yml"), "");
        return new ConfigLoader(Map.of()).load(etl, topics);
    }

    private List<String> problems(String yaml) throws IOException {
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), yaml);
        Path topics = Files.writeString(dir.resolve("topics.yml"), "");
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader(Map.of()).load(etl, topics));
        assertThat(e).as("loading should fail").isNotNull();
        return e.problems().stream().map(p -> p.path() + ": " + p.message()).toList();
    }

    @Test
    void shouldLeaveWindowedKpisOffAndReportInBrlWithoutRatesByDefault() throws IOException {
        // when
        LoadedConfig config = load("");

        // then
        assertThat(config.etl().kpiWindows().enabled()).isFalse();
        assertThat(config.etl().reporting().currency()).isEqualTo("BRL");
        assertThat(config.etl().reporting().rates()).isEmpty();
    }

    @Test
    void shouldReadWindowSizesDimensionsZoneGraceTopNAndRates() throws IOException {
        // when
        LoadedConfig config = load(String.join("\n",
                "kpi-windows:",
                "  sizes: [minute, day]",
                "  dimensions: [all, category]",
                "  zone: UTC",
                "  grace: 2h",
                "  top-products: 5",
                "reporting:",
                "  currency: usd",
                "  rates: {BRL: 0.187, EUR: 1.08}",
                ""));

        // then
        KpiWindowsConfig k = config.etl().kpiWindows();
        assertThat(k.orderedSizes()).containsExactly(WindowSize.MINUTE, WindowSize.DAY);
        assertThat(k.dimensions()).isEqualTo(EnumSet.of(KpiWindowsConfig.Dimension.ALL, KpiWindowsConfig.Dimension.CATEGORY));
        assertThat(k.zone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(k.grace()).isEqualTo(Duration.ofHours(2));
        assertThat(k.topProducts()).isEqualTo(5);
        assertThat(config.etl().reporting().currency()).isEqualTo("USD");
        assertThat(config.etl().reporting().rates().get("BRL")).isEqualByComparingTo("0.187");
        assertThat(config.etl().reporting().rates().get("EUR")).isEqualByComparingTo("1.08");
    }

    @Test
    void shouldListEveryBadWindowAndRateSettingTogether() throws IOException {
        // when
        List<String> problems = problems(String.join("\n",
                "kpi-windows:",
                "  sizes: [day, week]",
                "  dimensions: [state, region]",
                "  zone: Mars/Olympus",
                "  grace: -1h",
                "reporting:",
                "  currency: REAL",
                "  rates: {USD: -5.35, EUR: abc, ZZZ: 1.0}",
                ""));

        // then
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("kpi-windows.sizes").contains("week"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("kpi-windows.dimensions").contains("region"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("kpi-windows.zone").contains("Mars/Olympus"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("kpi-windows.grace"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("reporting.currency").contains("ISO-4217"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("reporting.rates.USD").contains("positive"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("reporting.rates.EUR").contains("abc"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("reporting.rates.ZZZ").contains("ISO-4217"));
    }

    @Test
    void shouldLoadTheShippedConfigurationWithWindowedKpisOffAndUsdRate() throws IOException {
        // when
        LoadedConfig config = new ConfigLoader(Map.of()).load(Path.of("config", "etl-config.yml"), Path.of("config", "topics.yml"));

        // then
        assertThat(config.etl().kpiWindows().enabled()).as("off until cheaper: see BENCHMARKS.md").isFalse();
        assertThat(config.etl().reporting().rates()).containsKey("USD");
        for (TopicId id : List.of(TopicId.KPI_WINDOWS, TopicId.KPI_WINDOW_PRODUCTS, TopicId.KPI_LATE_EVENTS)) {
            assertThat(config.topics().get(id).cleanupPolicy()).as(id.key()).startsWith("compact");
        }
    }
}
