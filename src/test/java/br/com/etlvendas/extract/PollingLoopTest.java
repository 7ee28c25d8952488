package br.com.etlvendas.extract;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PollingLoopTest {

    private static final Logger log = LoggerFactory.getLogger(PollingLoopTest.class);

    @Test
    void shouldDoubleTheBackOffAfterEachFailureUpToTheMaximumAndStartOverAfterASuccess() {
        PollingLoop loop = new PollingLoop("erp");
        loop.stopAndWait(log); // a stopped loop does not wait, so the test does not either

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            Duration previous = loop.nextBackoff();
            assertThat(previous).isEqualTo(PollingLoop.FIRST_BACKOFF);
            for (int i = 0; i < 10; i++) {
                loop.backOff(log, "database erp unavailable (test)");
                Duration next = loop.nextBackoff();
                assertThat(next).isEqualTo(previous.multipliedBy(2).compareTo(PollingLoop.MAX_BACKOFF) > 0
                        ? PollingLoop.MAX_BACKOFF : previous.multipliedBy(2));
                previous = next;
            }
            assertThat(previous).isEqualTo(PollingLoop.MAX_BACKOFF);
        });

        loop.succeeded();

        assertThat(loop.nextBackoff()).isEqualTo(PollingLoop.FIRST_BACKOFF);
    }
}
