package br.com.etlvendas.load.lake;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParallelIoTest {

    @Test
    void shouldRunTheActionsConcurrentlyAndReturnOnlyWhenAllHaveEnded() throws IOException {
        // given four actions that each wait until all four have started
        CountDownLatch started = new CountDownLatch(4);
        Set<Integer> done = ConcurrentHashMap.newKeySet();

        // when
        ParallelIo.forEach(List.of(1, 2, 3, 4), 4, "test-io", i -> {
            started.countDown();
            try {
                if (!started.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the actions did not run at the same time");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            done.add(i);
        });

        // then
        assertThat(done).containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    @Test
    void shouldThrowTheIoExceptionOfAFailedActionAfterTheOthersHaveEnded() {
        // given
        Set<Integer> done = ConcurrentHashMap.newKeySet();

        // then
        assertThatThrownBy(() -> ParallelIo.forEach(List.of(1, 2, 3, 4, 5), 2, "test-io", i -> {
            if (i == 2) {
                throw new IOException("disk full writing " + i);
            }
            done.add(i);
        })).isInstanceOf(IOException.class).hasMessage("disk full writing 2");
        assertThat(done).containsExactlyInAnyOrder(1, 3, 4, 5);
    }

    @Test
    void shouldThrowARuntimeFailureAsItWasThrown() {
        assertThatThrownBy(() -> ParallelIo.forEach(List.of("a", "b"), 2, "test-io", s -> {
            if (s.equals("b")) {
                throw new IllegalStateException("S3 answered 503 for " + s);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("S3 answered 503 for b");
    }
}
