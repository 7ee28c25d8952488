package br.com.etlvendas.cli;

import br.com.etlvendas.it.EmbeddedStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code etl-vendas demo --sales N --exit-when-done} run in-process against the shared real Kafka,
 * PostgreSQL and S3: it tells the user where everything is, generates N sales with invalid and duplicate
 * ones among them, waits until every generated line is loaded, rejected or dropped, prints a balanced
 * reconciliation and exits 0 by itself.
 */
@ExtendWith(EmbeddedStack.class)
class DemoCommandIT {

    private static final Pattern RECONCILIATION = Pattern.compile("reconciliation: generated=(\\d+) records=400 "
            + "loaded=(\\d+) rejected=(\\d+) duplicates=(\\d+) loaded\\+rejected\\+duplicates=(\\d+) \\(OK\\) "
            + "warehouse_revenue=(\\S+) ledger_revenue=(\\S+) \\(OK\\)");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenFourHundredSalesToGenerateWhenTheDemoRunsWithExitWhenDoneThenItPrintsABalancedReconciliationAndExitsZero() {
        // given a configuration on the shared servers with this test's own topics and application id,
        // and a generator that makes some records invalid and re-sends some
        EmbeddedStack.configFor("demo-cli", "    sales-per-second: 2000\n    invalid-fraction: 0.05\n    duplicate-fraction: 0.05");
        Path dir = EmbeddedStack.configDir("demo-cli");

        // when
        CliRun run = CliRun.of("demo", "--sales", "400", "--exit-when-done",
                "--config", dir.resolve("etl-config.yml").toString(), "--topics", dir.resolve("topics.yml").toString());

        // then
        String printed = run.printed();
        String out = run.out();
        assertThat(run.exitCode()).as(printed).isZero();
        Matcher m = RECONCILIATION.matcher(out);
        assertThat(m.find()).as(printed).isTrue();
        long generated = Long.parseLong(m.group(1));
        long loaded = Long.parseLong(m.group(2));
        long rejected = Long.parseLong(m.group(3));
        long duplicates = Long.parseLong(m.group(4));
        assertThat(loaded + rejected + duplicates).as(printed).isEqualTo(generated).isEqualTo(Long.parseLong(m.group(5)));
        assertThat(rejected).as("invalid records were generated and rejected; " + printed).isPositive();
        assertThat(duplicates).as("re-sent records were generated and dropped; " + printed).isPositive();
        assertThat(new BigDecimal(m.group(6))).as("warehouse revenue equals the ledger's")
                .isPositive().isEqualByComparingTo(new BigDecimal(m.group(7)));
        // and it told the user where the dashboard and Kafka are
        assertThat(out.toString())
                .containsPattern("Dashboard +http://localhost:[1-9]\\d*")
                .contains("Kafka            " + EmbeddedStack.servers().kafka().bootstrapServers());
    }
}
