package br.com.etlvendas.load.postgres;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Decides whether a warehouse failure is transient (the database is down, restarting, overloaded, or a
 * transaction lost a race) and so retried with back-off, or permanent, which no retry can fix.
 */
final class WarehouseErrorHandler {

    private WarehouseErrorHandler() {
    }

    static boolean isTransient(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof java.net.ConnectException || t instanceof java.io.EOFException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")        // connection exception
                        || state.startsWith("53") // insufficient resources
                        || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
                        || state.equals("40001")  // serialization failure
                        || state.equals("40P01")) { // deadlock detected
                    return true;
                }
            }
        }
        return false;
    }
}
