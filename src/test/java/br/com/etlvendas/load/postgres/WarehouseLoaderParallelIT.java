package br.com.etlvendas.load.postgres;

import br.com.etlvendas.it.EmbeddedStack;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;

import static br.com.etlvendas.load.postgres.LoaderItFixture.start;
import static br.com.etlvendas.load.postgres.LoaderItFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loader writes the partitions of {@code sales.clean} in parallel, each on its own connection and transaction:
 * a partition whose write is held up does not hold back the others, and once it goes on every line is written once.
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseLoaderParallelIT {

    private static final int SALES = 3000;

    @Test
    void shouldLoadTheOtherPartitionsWhileOnePartitionsWriteIsHeldUp() throws Exception {
        try (LoaderItFixture it = new LoaderItFixture("loader-parallel")) {
            // given sales on every partition, and a warehouse where writing a row of partition 0 waits on a lock
            // the test holds
            BigDecimal revenue = it.publish(1, SALES);
            it.execute("CREATE FUNCTION it_hold_partition_0() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "IF NEW.kafka_partition = 0 THEN PERFORM pg_advisory_lock_shared(4343); "
                    + "PERFORM pg_advisory_unlock_shared(4343); END IF; RETURN NEW; END $$");
            it.execute("CREATE TRIGGER it_hold_partition_0 BEFORE INSERT ON sale_line FOR EACH ROW "
                    + "EXECUTE FUNCTION it_hold_partition_0()");
            String user = it.kafka.config().etl().warehouse().user();
            try (HikariDataSource ds = it.loaderDataSource("loader-parallel", user);
                 Connection lock = it.ds.getConnection(); Statement hold = lock.createStatement()) {
                hold.execute("SELECT pg_advisory_lock(4343)");

                // when a loader with two writers runs
                WarehouseLoader loader = it.loader(ds, 2);
                Thread t = start(loader, "loader-parallel");
                try {
                    // then the other partitions' lines all arrive while partition 0's write waits
                    waitUntil("partition 0's writer waits on the lock", () -> it.number(
                            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'loader-parallel' "
                                    + "AND wait_event = 'advisory'").longValue() == 1);
                    long heldRecords = it.recordsOf(0);
                    assertThat(heldRecords).as("sales on partition 0").isPositive().isLessThan(SALES);
                    waitUntil("every line of partitions 1 and up is loaded", () -> it.number(
                            "SELECT count(*) FROM sale_line WHERE kafka_partition <> 0").longValue()
                            == 2 * (SALES - heldRecords));
                    assertThat(it.number("SELECT count(*) FROM sale_line WHERE kafka_partition = 0").longValue())
                            .as("nothing of the held partition is visible").isZero();

                    // and once partition 0's write goes on, every line is written once
                    hold.execute("SELECT pg_advisory_unlock(4343)");
                    waitUntil("every line is in the warehouse", () -> it.lines() >= SALES * 2L);
                    Thread.sleep(1000); // the time for a second write, were there one, to show
                } finally {
                    loader.close();
                    t.join(30_000);
                }
                assertThat(loader.failure()).isNull();
                assertThat(it.lines()).isEqualTo(SALES * 2L);
                assertThat(it.lineWrites()).isEqualTo(SALES * 2L);
                assertThat(it.revenue()).isEqualByComparingTo(revenue);
                assertThat(it.storedOffsets()).isEqualTo(SALES);
            }
        }
    }
}
