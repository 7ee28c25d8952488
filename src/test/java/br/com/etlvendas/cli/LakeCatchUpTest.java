package br.com.etlvendas.cli;

import br.com.etlvendas.config.LakeConfig;
import br.com.etlvendas.config.TopicId;
import br.com.etlvendas.config.TopicSpec;
import br.com.etlvendas.config.TopicsConfig;
import br.com.etlvendas.load.lake.LakeWriter;
import br.com.etlvendas.load.lake.LocalLakeStore;
import br.com.etlvendas.sale.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The line {@code ingest} ends its report with about the lake, and whether it lets the run succeed. */
class LakeCatchUpTest {

    @TempDir
    Path dir;

    @Test
    void shouldLetTheRunSucceedAndSaySoWhenTheLakeIsOff() {
        LakeCatchUp.Outcome off = new LakeCatchUp.Outcome(null, null);

        assertThat(off.ok()).isTrue();
        assertThat(off.line()).isEqualTo("lake: off");
    }

    @Test
    void shouldSayTheLakeCaughtUpAndNameThePartitionsOfOtherWriters() {
        try (LakeWriter writer = writer()) {
            // given a lake that holds this writer's partitions, partition 2 being another process's
            LakeCatchUp.Outcome o = new LakeCatchUp.Outcome(writer, new LakeWriter.InLake(true, List.of(2), Map.of(), null));

            // then
            assertThat(o.ok()).isTrue();
            assertThat(o.line()).startsWith("lake: caught up with the end of the run in " + dir.resolve("lake"))
                    .contains("(0 lines in 0 files written by this process)")
                    .endsWith("; partitions [2] are written by another process's lake writer, not waited for");
        }
    }

    @Test
    void shouldFailTheRunAndSayWhatIsMissingWhenTheLakeDidNotCatchUp() {
        try (LakeWriter writer = writer()) {
            // given a lake still missing records of partitions 1 and 0 when the wait ended
            LakeCatchUp.Outcome behind = new LakeCatchUp.Outcome(writer,
                    new LakeWriter.InLake(false, List.of(), Map.of(1, 7L, 0, 3L), null));
            LakeCatchUp.Outcome failed = new LakeCatchUp.Outcome(writer,
                    new LakeWriter.InLake(false, List.of(), Map.of(), new IllegalStateException("disk full")));

            // then
            assertThat(behind.ok()).isFalse();
            assertThat(behind.line()).contains("lake: NOT caught up in ").contains("records missing by partition 0=3, 1=7");
            assertThat(failed.ok()).isFalse();
            assertThat(failed.line()).startsWith("lake: FAILED (disk full)");
        }
    }

    private LakeWriter writer() {
        LakeConfig config = new LakeConfig(true, LakeConfig.Target.LOCAL, "", dir.resolve("lake"), 100,
                Duration.ofSeconds(1), "lake-catch-up-test", 64);
        Map<TopicId, TopicSpec> specs = new EnumMap<>(TopicId.class);
        for (TopicId id : TopicId.values()) {
            specs.put(id, new TopicSpec(id.defaultName(), 1, (short) 1, Optional.empty(), id.defaultCleanupPolicy()));
        }
        return new LakeWriter(Topics.from(new TopicsConfig(specs)).clean(), new LocalLakeStore(dir.resolve("lake")), "127.0.0.1:9",
                config, Duration.ofSeconds(10), dir.resolve("work"), Clock.systemUTC(), LakeWriter.BatchStoredHook.NONE);
    }
}
