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
 * ones among them, and corrected and cancelled versions of earlier ones, waits until every generated line is
 * loaded, rejected, dropped or accounted for by a version, prints a balanced reconciliation (revenue after
 * corrections and cancellations) and exits 0 by itself.
 */
@ExtendWith(EmbeddedStack.class)
class DemoCommandIT {

    private static final Pattern RECONCILIATION = Pattern.compile("reconciliation: generated=(\\d+) records=400 "
            + "loaded=(\\d+) rejected=(\\d+) duplicates=(\\d+) updated=(\\d+) removed=(\\d+) stale=(\\d+) "
            + "loaded\\+removed\\+updated\\+rejected\\+duplicates\\+stale=(\\d+) \\(OK\\) "
            + "warehouse_revenue=(\\S+) ledger_revenue=(\\S+) \\(OK\\)");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void givenFourHundredSalesToGenerateWhenTheDemoRunsWithExitWhenDoneThenItPrintsABalancedReconciliationAndExitsZero() {
        // given a configuration on the shared servers with this test's own topics and application id,
        // and a generator that makes some records invalid, re-sends some, and corrects or cancels some sales
        EmbeddedStack.configFor("demo-cli", "    sales-per-second: 2000\n    invalid-fraction: 0.05\n    duplicate-fraction: 0.05"
                + "\n    correction-fraction: 0.06\n    cancellation-fraction: 0.04");
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
        long updated = Long.parseLong(m.group(5));
        long removed = Long.parseLong(m.group(6));
        long stale = Long.parseLong(m.group(7));
        assertThat(loaded + removed + updated + rejected + duplicates + stale).as(printed).isEqualTo(generated)
                .isEqualTo(Long.parseLong(m.group(8)));
        assertThat(rejected).as("invalid records were generated and rejected; " + printed).isPositive();
        assertThat(duplicates).as("re-sent records were generated and dropped; " + printed).isPositive();
        assertThat(updated).as("corrected and cancelled versions updated loaded lines; " + printed).isPositive();
        assertThat(new BigDecimal(m.group(9))).as("warehouse revenue equals the ledger's, after corrections and cancellations")
                .isPositive().isEqualByComparingTo(new BigDecimal(m.group(10)));
        // and it told the user where the dashboard and Kafka are
        assertThat(out.toString())
                .containsPattern("Dashboard +http://localhost:[1-9]\\d*")
                .contains("Kafka            " + EmbeddedStack.servers().kafka().bootstrapServers());
    }
}
