package br.com.etlvendas.load.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.util.Map;

/**
 * Brings the warehouse schema up to date with the Flyway migrations in {@code db/migration}, including the analyst
 * views and their read-only role ({@value #READER_ROLE}, see {@code V3__star_schema.sql}).
 */
public final class WarehouseSchema {

    /** The NOLOGIN role granted SELECT on the analyst views; people and BI tools log in as roles that join it. */
    public static final String READER_ROLE = "etl_reader";

    private static final Logger log = LoggerFactory.getLogger(WarehouseSchema.class);

    private WarehouseSchema() {
    }

    public static void migrate(DataSource dataSource) {
        migrate(dataSource, READER_ROLE);
    }

    /** Migrates with another name for the read-only role: roles are server-wide, so tests of it need their own. */
    static void migrate(DataSource dataSource, String readerRole) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("reader_role", readerRole))
                .load()
                .migrate();
        log.info("Warehouse schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
    }
}
