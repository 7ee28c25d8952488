package br.com.etlvendas.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private final StringWriter written = new StringWriter();
    private long now;

    private ProgressBar bar(boolean terminal) {
        return new ProgressBar(new PrintWriter(written), terminal, () -> now);
    }

    private String lastDrawn() {
        String s = written.toString();
        return s.substring(s.lastIndexOf('\r') + 1);
    }

    @Test
    void shouldShowTheWarehouseCatchingUpAndItsRate() {
        ProgressBar bar = bar(true);

        bar.showLoading(100_000, 1_000_000);
        now = 10_000_000_000L;
        bar.showLoading(600_000, 1_000_000);

        assertThat(lastDrawn()).startsWith("[" + "#".repeat(18) + " ".repeat(12) + "] loading: ")
                .contains(String.format("%,d / %,d lines accounted for, %,d lines/s", 600_000, 1_000_000, 50_000));
    }

    @Test
    void shouldBlankWhatALongerLineBeforeLeft() {
        ProgressBar bar = bar(true);
        bar.show("file:///data/vendas-2024-com-um-nome-bem-comprido.csv", 1, 1, 123_456_789);
        int fileLine = lastDrawn().length();

        now = 1_000_000_000L;
        bar.showLoading(1, 2);
        bar.done();

        assertThat(written.toString().split("\r")[2]).hasSize(fileLine);
        assertThat(lastDrawn()).isEmpty();
    }

    @Test
    void shouldNotRedrawMoreThanTenTimesASecond() {
        ProgressBar bar = bar(true);

        bar.showLoading(1, 10);
        now += 50_000_000L;
        bar.showLoading(2, 10);

        assertThat(written.toString()).contains("loading: 1 / 10").doesNotContain("loading: 2 / 10");
    }

    @Test
    void shouldDrawNothingWhenTheOutputIsNotATerminal() {
        ProgressBar bar = bar(false);

        bar.show("a.csv", 1, 1, 10);
        bar.showLoading(5, 10);
        bar.done();

        assertThat(written.toString()).isEmpty();
    }
}
