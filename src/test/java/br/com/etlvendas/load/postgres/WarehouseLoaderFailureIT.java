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
 * How the loader meets a warehouse that cannot take its batches: a configuration problem stops it with a message
 * naming the problem and sends nothing to the DLQ; a loader that dies between COPY and commit leaves nothing
 * behind, and the next one loads every line exactly once.
 */
@ExtendWith(EmbeddedStack.class)
class WarehouseLoaderFailureIT {

    @Test
    void shouldStopTheLoaderWithoutTouchingTheDlqWhenItsPermissionIsRevoked() throws Exception {
        try (LoaderItFixture it = new LoaderItFixture("loader-revoked")) {
            // given sales to load, and a loader user that may no longer insert into sale_line
            it.publish(1, 200);
            it.execute("DO $$ BEGIN CREATE ROLE it_loader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
            it.execute("GRANT USAGE ON SCHEMA public TO it_loader");
            it.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO it_loader");
            it.execute("REVOKE INSERT ON sale_line FROM it_loader");

            // when the loader runs as that user
            try (HikariDataSource loaderDs = it.loaderDataSource("loader-revoked", "it_loader")) {
                WarehouseLoader loader = it.loader(loaderDs);
                Thread t = start(loader, "loader");
                waitUntil("the loader stops", () -> loader.failure() != null);
                t.join(30_000);

                // then it stopped with a message naming the permission, loaded nothing, stored no offset past
                // anything and sent nothing to the DLQ
                assertThat(t.isAlive()).isFalse();
                assertThat(loader.failure()).isInstanceOf(WarehouseLoader.LoaderStopped.class);
                assertThat(loader.failure().getMessage())
                        .contains("42501").contains("privilege").contains("nothing was sent to the DLQ");
                assertThat(loader.rejectedSales()).isZero();
                assertThat(it.lines()).isZero();
                assertThat(it.storedOffsets()).isZero();
                assertThat(it.dlqRecords()).isZero();
            }
        }
    }

    @Test
    void shouldLoadEveryLineExactlyOnceAfterALoaderDiesBetweenCopyAndCommit() throws Exception {
        try (LoaderItFixture it = new LoaderItFixture("loader-copy-crash")) {
            // given sales to load, and a warehouse where storing the loader's offsets (after the COPY, before the
            // commit) waits on a lock the test holds
            BigDecimal revenue = it.publish(1, 2000);
            it.execute("CREATE FUNCTION it_wait_for_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "PERFORM pg_advisory_lock_shared(4242); PERFORM pg_advisory_unlock_shared(4242); RETURN NEW; END $$");
            it.execute("CREATE TRIGGER it_wait_for_test BEFORE INSERT OR UPDATE ON loader_offset FOR EACH ROW "
                    + "WHEN (NEW.next_offset > 0) EXECUTE FUNCTION it_wait_for_test()");
            String user = it.kafka.config().etl().warehouse().user();
            try (Connection lock = it.ds.getConnection(); Statement hold = lock.createStatement()) {
                hold.execute("SELECT pg_advisory_lock(4242)");
                HikariDataSource firstDs = it.loaderDataSource("loader-first", user);
                // (one writer: its one transaction is the one that dies)
                WarehouseLoader first = it.loader(firstDs, 1);
                Thread t1 = start(first, "loader-first");
                waitUntil("the first loader has COPYed a batch and waits to store its offsets", () -> it.number(
                        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'loader-first' "
                                + "AND wait_event = 'advisory' AND query LIKE 'INSERT INTO loader_offset%next_offset <=%'")
                        .longValue() == 1);
                assertThat(it.lines()).as("nothing visible before the commit").isZero();

                // when that loader dies there: its process stops and its database session is cut
                first.close();
                it.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'loader-first'");
                t1.join(30_000);
                assertThat(t1.isAlive()).isFalse();
                firstDs.close();
                hold.execute("SELECT pg_advisory_unlock(4242)");
            }
            it.execute("DROP TRIGGER it_wait_for_test ON loader_offset");
            assertThat(it.lines()).as("the dead loader's transaction left nothing").isZero();
            assertThat(it.storedOffsets()).isZero();

            // and a new loader starts
            try (HikariDataSource secondDs = it.loaderDataSource("loader-second", user)) {
                WarehouseLoader second = it.loader(secondDs);
                Thread t2 = start(second, "loader-second");
                waitUntil("every line is in the warehouse", () -> it.lines() >= 4000);
                Thread.sleep(1500); // the time for a second write, were there one, to show
                second.close();
                t2.join(30_000);
                assertThat(second.failure()).isNull();
            }

            // then every line is in the warehouse, written once, with the offsets of every record
            assertThat(it.lines()).isEqualTo(4000);
            assertThat(it.lineWrites()).isEqualTo(4000);
            assertThat(it.revenue()).isEqualByComparingTo(revenue);
            assertThat(it.storedOffsets()).isEqualTo(2000);
            assertThat(it.dlqRecords()).isZero();
        }
    }
}
