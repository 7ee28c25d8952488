package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataDirLockTest {

    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondHolderNamingTheDirectoryTheHoldingProcessAndTheKeyToChange() throws Exception {
        // given the data directory held
        try (DataDirLock held = DataDirLock.acquire(dir.resolve("data"), "etl.yml")) {
            assertThat(Files.readString(dir.resolve("data").resolve(DataDirLock.FILE_NAME)).strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));

            // when another run asks for it, then it is refused with everything the user needs
            assertThatThrownBy(() -> DataDirLock.acquire(dir.resolve("data"), "etl.yml"))
                    .isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(((ConfigException) e).problems()).singleElement().satisfies(p -> {
                        assertThat(p.file()).isEqualTo("etl.yml");
                        assertThat(p.path()).isEqualTo("data-dir");
                        assertThat(p.message()).contains(dir.resolve("data").toString())
                                .contains("pid " + ProcessHandle.current().pid())
                                .contains("ETL_DATA_DIR");
                    }));
        }
    }

    @Test
    void shouldBeFreeAgainOnceTheHolderHasClosedIt() {
        DataDirLock.acquire(dir, "etl.yml").close();

        try (DataDirLock again = DataDirLock.acquire(dir, "etl.yml")) {
            assertThat(again).isNotNull();
        }
    }
}
