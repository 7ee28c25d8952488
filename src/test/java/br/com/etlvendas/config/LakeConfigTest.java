package br.com.etlvendas.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LakeConfigTest {

    @TempDir
    Path dir;

    private LoadedConfig load(String etlYaml) throws IOException {
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), etlYaml);
        return new ConfigLoader(Map.of()).load(etl, Path.of("config", "topics.yml"));
    }

    @Test
    void shouldLeaveTheLakeOffWhenItsSectionIsAbsent() throws IOException {
        LakeConfig lake = load("data-dir: " + dir + "\n").etl().lake();

        assertThat(lake.enabled()).isFalse();
        assertThat(lake.localPath()).isEqualTo(dir.resolve("lake"));
        assertThat(lake.rollLines()).isEqualTo(200_000);
        assertThat(lake.rollInterval()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void shouldReadALocalLake() throws IOException {
        LakeConfig lake = load("lake:\n  enabled: true\n  target: local\n  path: " + dir.resolve("l") + "\n  roll-lines: 10\n"
                + "  roll-interval: 5s\n").etl().lake();

        assertThat(lake.enabled()).isTrue();
        assertThat(lake.target()).isEqualTo(LakeConfig.Target.LOCAL);
        assertThat(lake.localPath()).isEqualTo(dir.resolve("l"));
        assertThat(lake.rollLines()).isEqualTo(10);
        assertThat(lake.rollInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void shouldListEveryProblemOfTheLakeSectionTogether() throws IOException {
        Path etl = Files.writeString(dir.resolve("etl-config.yml"), "lake:\n  enabled: maybe\n  target: hdfs\n  prefix: /lake\n"
                + "  roll-lines: 0\n  roll-interval: 1ms\n  rol-lines: 5\n");

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(Map.of()).load(etl, Path.of("config", "topics.yml")));

        assertThat(e.problems()).extracting(ConfigProblem::path).contains("lake.enabled", "lake.target", "lake.prefix",
                "lake.roll-lines", "lake.roll-interval", "lake.rol-lines");
    }

    @Test
    void shouldEnableTheLakeInTheShippedConfiguration() {
        LakeConfig lake = new ConfigLoader(Map.of()).load(Path.of("config", "etl-config.yml"), Path.of("config", "topics.yml"))
                .etl().lake();

        assertThat(lake.enabled()).isTrue();
        assertThat(lake.target()).isEqualTo(LakeConfig.Target.S3);
        assertThat(lake.prefix()).isEqualTo("lake/");
    }
}
