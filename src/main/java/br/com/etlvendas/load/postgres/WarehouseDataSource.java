package br.com.etlvendas.load.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** A small connection pool to the warehouse. */
public final class WarehouseDataSource {

    private WarehouseDataSource() {
    }

    public static HikariDataSource create(String jdbcUrl, String user, String password, String poolName) {
        return create(jdbcUrl, user, password, poolName, 4);
    }

    /** A pool of at most {@code maxConnections} connections, opened as they are needed. */
    public static HikariDataSource create(String jdbcUrl, String user, String password, String poolName,
                                          int maxConnections) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        c.setPoolName(poolName);
        c.setMaximumPoolSize(maxConnections);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }
}
