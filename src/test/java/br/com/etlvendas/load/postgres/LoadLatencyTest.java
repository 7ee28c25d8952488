package br.com.etlvendas.load.postgres;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's interval reads and the metrics' cumulative reads of the load latency do not take from each other. */
class LoadLatencyTest {

    @Test
    void shouldGiveTheBenchmarkEachIntervalAndTheMetricsEveryLineSinceStart() {
        // given 3 lines at 100 ms, read by both readers, then 2 lines at 1 s
        LoadLatency latency = new LoadLatency();
        latency.record(1_000, 1_100, 3);
        Histogram firstInterval = latency.sinceLastRead();
        Histogram totalSoFar = latency.total();
        latency.record(5_000, 6_000, 2);

        // when both read again
        Histogram secondInterval = latency.sinceLastRead();
        Histogram total = latency.total();

        // then the intervals split the lines, and the total keeps them all
        assertThat(firstInterval.getTotalCount()).isEqualTo(3);
        assertThat(totalSoFar.getTotalCount()).isEqualTo(3);
        assertThat(secondInterval.getTotalCount()).isEqualTo(2);
        assertThat(secondInterval.getMinValue()).isBetween(999L, 1_001L);
        assertThat(total.getTotalCount()).isEqualTo(5);
        assertThat(total.getCountBetweenValues(0, 150)).isEqualTo(3);
        assertThat(latency.sinceLastRead().getTotalCount()).as("nothing new since the last interval").isZero();
    }

    @Test
    void shouldCountNothingForABatchWithoutLinesAndClampClockSkewToZero() {
        LoadLatency latency = new LoadLatency();

        latency.record(1_000, 2_000, 0);
        latency.record(2_000, 1_000, 1);

        Histogram total = latency.total();
        assertThat(total.getTotalCount()).isEqualTo(1);
        assertThat(total.getMaxValue()).isZero();
    }
}
