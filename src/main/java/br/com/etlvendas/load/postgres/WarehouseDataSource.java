package br.com.etlvendas.load.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** A small connection pool to the warehouse. */
public final class WarehouseDataSource {

    private WarehouseDataSource() {
    }

    public static HikariDataSource create(String jdbcUrl, String user, String password, String poolName) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        c.setUsername(user);
        c.setPassword(password);
        c.setPoolName(poolName);
        c.setMaximumPoolSize(4);
        c.setMinimumIdle(0);
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(-1);
        return new HikariDataSource(c);
    }
}
