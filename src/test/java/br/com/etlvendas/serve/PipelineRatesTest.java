package br.com.etlvendas.serve;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineRatesTest {

    @Test
    void shouldGiveEachStagesLinesPerSecondSinceThePreviousSample() {
        // given
        PipelineRates rates = new PipelineRates();
        rates.sample(new PipelineRates.Counters(0, 1_000, 10, 5, 900));

        // when two seconds later
        var r = rates.sample(new PipelineRates.Counters(2_000_000_000L, 7_000, 30, 5, 6_900));

        // then
        assertThat(r).containsEntry("transformed", 3000.0).containsEntry("rejected", 10.0)
                .containsEntry("duplicates", 0.0).containsEntry("loaded", 3000.0);
        assertThat(rates.current()).isEqualTo(r);
    }

    @Test
    void shouldShowNoRateBeforeTheSecondSampleAndNoNegativeRateWhenACounterGoesBack() {
        PipelineRates rates = new PipelineRates();
        assertThat(rates.sample(new PipelineRates.Counters(0, 100, 0, 0, 0))).containsEntry("transformed", 0.0);
        assertThat(rates.sample(new PipelineRates.Counters(1_000_000_000L, 90, 0, 0, 0))).containsEntry("transformed", 0.0);
    }
}
