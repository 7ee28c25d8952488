package br.com.etlvendas.load.postgres;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/** Brings the warehouse schema up to date with the Flyway migrations in {@code db/migration}. */
public final class WarehouseSchema {

    private static final Logger log = LoggerFactory.getLogger(WarehouseSchema.class);

    private WarehouseSchema() {
    }

    public static void migrate(DataSource dataSource) {
        MigrateResult result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        log.info("Warehouse schema at version {} ({} migration(s) applied now)",
                result.targetSchemaVersion == null ? "current" : result.targetSchemaVersion, result.migrationsExecuted);
    }
}
