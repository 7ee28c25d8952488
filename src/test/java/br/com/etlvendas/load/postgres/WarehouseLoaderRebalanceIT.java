package br.com.etlvendas.load.postgres;

import br.com.etlvendas.it.EmbeddedStack;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;

import static br.com.etlvendas.load.postgres.LoaderItFixture.start;
import static br.com.etlvendas.load.postgres.LoaderItFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two loaders in one consumer group: when the group moves partitions away from a loader that is retrying a batch,
 * that loader drops the moved partitions' records instead of writing over their new owner, and every line is
 * written exactly once.
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseLoaderRebalanceIT {

    private static final int SALES = 3000;

    @Test
    void shouldWriteEveryLineExactlyOnceWhenARebalanceMovesPartitionsOfABatchBeingRetried() throws Exception {
        try (LoaderItFixture it = new LoaderItFixture("loader-rebalance")) {
            // given sales on every partition of sales.clean, and a warehouse that fails loader A's writes
            // transiently (a serialization failure) for as long as it_hold has a row
            BigDecimal revenue = it.publish(1, SALES);
            it.execute("CREATE TABLE it_hold (held boolean)");
            it.execute("INSERT INTO it_hold VALUES (true)");
            // (a sequence counts A's attempts: its increments outlive the rolled-back transactions)
            it.execute("CREATE SEQUENCE it_attempts_of_a");
            it.execute("CREATE FUNCTION it_fail_loader_a() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF current_setting('application_name') = 'loader-a' AND EXISTS (SELECT 1 FROM it_hold) THEN "
                    + "PERFORM nextval('it_attempts_of_a'); "
                    + "RAISE EXCEPTION 'held for the test' USING ERRCODE = '40001'; END IF; RETURN NULL; END $$");
            it.execute("CREATE TRIGGER it_fail_loader_a BEFORE INSERT OR UPDATE ON sale_line "
                    + "FOR EACH STATEMENT EXECUTE FUNCTION it_fail_loader_a()");
            String user = it.kafka.config().etl().warehouse().user();
            try (HikariDataSource dsA = it.loaderDataSource("loader-a", user);
                 HikariDataSource dsB = it.loaderDataSource("loader-b", user)) {
                WarehouseLoader a = it.loader(dsA);
                Thread ta = start(a, "loader-a");
                waitUntil("A has polled a batch and retries it", () -> it.number("SELECT CASE WHEN is_called THEN "
                        + "last_value ELSE 0 END FROM it_attempts_of_a").longValue() >= 2);

                // when loader B joins the group, takes some of A's partitions and loads them, then the warehouse
                // accepts A's writes again
                WarehouseLoader b = it.loader(dsB);
                Thread tb = start(b, "loader-b");
                waitUntil("loader B loads", () -> b.loadedLines() > 0);
                Thread.sleep(2000);
                assertThat(a.loadedLines()).as("A wrote nothing while held").isZero();
                it.execute("DELETE FROM it_hold");
                waitUntil("every line is in the warehouse", () -> it.lines() >= SALES * 2L);
                Thread.sleep(1500); // the time for a second write, were there one, to show
                a.close();
                b.close();
                ta.join(30_000);
                tb.join(30_000);

                // then A dropped the records of the partitions it lost, and every line was written once
                assertThat(a.revokedRecords()).as("records A dropped when its partitions moved to B").isPositive();
                assertThat(a.failure()).isNull();
                assertThat(b.failure()).isNull();
                assertThat(it.lines()).isEqualTo(SALES * 2L);
                assertThat(it.lineWrites()).as("row writes to sale_line").isEqualTo(SALES * 2L);
                assertThat(it.revenue()).isEqualByComparingTo(revenue);
                assertThat(a.loadedLines() + b.loadedLines()).isEqualTo(SALES * 2L);
                assertThat(it.storedOffsets()).as("stored offsets cover every record").isEqualTo(SALES);
                assertThat(it.dlqRecords()).isZero();
            }
        }
    }
}
