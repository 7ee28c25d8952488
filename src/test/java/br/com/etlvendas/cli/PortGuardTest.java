package br.com.etlvendas.cli;

import br.com.etlvendas.config.ConfigException;
import br.com.etlvendas.config.ConfigLoader;
import br.com.etlvendas.config.EtlConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Only the ports a process would listen on are checked: the dashboard's only when it serves. */
class PortGuardTest {

    @TempDir
    Path dir;

    @Test
    void givenATakenDashboardPortWhenTheProcessDoesNotServeThenThePortIsNotItsConcernButWhenItServesItIsRefused()
            throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            // given external servers (no embedded port to check) and a dashboard wanting a port already in use
            int port = taken.getLocalPort();
            Path etl = Files.writeString(dir.resolve("etl-config.yml"), String.join("\n",
                    "kafka:",
                    "  bootstrap-servers: kafka.example:9092",
                    "warehouse:",
                    "  jdbc-url: jdbc:postgresql://db.example:5432/etl_vendas",
                    "s3:",
                    "  endpoint: http://s3.example:9000",
                    "  access-key: ${KEY}",
                    "  secret-key: ${SECRET}",
                    "dashboard:",
                    "  port: " + port,
                    ""));
            EtlConfig config = new ConfigLoader(Map.of("KEY", "k", "SECRET", "s")).load(etl, Files.writeString(dir.resolve("topics.yml"), "")).etl();

            // when / then
            assertThatCode(() -> PortGuard.checkAll(config, etl.toString(), EnumSet.of(Role.TRANSFORM, Role.LOAD, Role.EXTRACT)))
                    .doesNotThrowAnyException();
            assertThatThrownBy(() -> PortGuard.checkAll(config, etl.toString(), EnumSet.of(Role.SERVE)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("dashboard.port: port " + port + " is already in use");
        }
    }
}
