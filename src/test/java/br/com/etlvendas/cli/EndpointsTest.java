package br.com.etlvendas.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EndpointsTest {

    private static Endpoints endpoints(boolean dbPassword, Optional<String> builtInSecret) {
        return new Endpoints("127.0.0.1:9092", true, "jdbc:postgresql://127.0.0.1:5433/etl_vendas", "postgres",
                dbPassword, true, URI.create("http://127.0.0.1:9000"), "vendas", "etl-vendas", builtInSecret, true,
                Path.of("/srv/etl/data"));
    }

    @Test
    void shouldGiveTheExactLinesOtherProcessesExportForTheEmbeddedServers() {
        assertThat(endpoints(false, Optional.of("etl-vendas-local-secret")).environment()).containsExactly(
                "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:9092",
                "WAREHOUSE_JDBC_URL=jdbc:postgresql://127.0.0.1:5433/etl_vendas",
                "WAREHOUSE_USER=postgres",
                "S3_ENDPOINT=http://127.0.0.1:9000",
                "S3_ACCESS_KEY=etl-vendas",
                "S3_SECRET_KEY=etl-vendas-local-secret");
    }

    @Test
    void shouldNameButNeverPrintSecretsTheUserGave() {
        assertThat(endpoints(true, Optional.empty()).environment())
                .contains("# and WAREHOUSE_PASSWORD, as given to this process (not printed)",
                        "# and S3_SECRET_KEY, as given to this process (not printed)")
                .noneMatch(line -> line.startsWith("S3_SECRET_KEY=") || line.startsWith("WAREHOUSE_PASSWORD="));
    }
}
