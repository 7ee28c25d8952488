package br.com.etlvendas.extract.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Decides whether a database failure is transient (the server is down, restarting, overloaded, or the
 * connection broke: retried soon with back-off) or permanent (a wrong query, table or credential: retried
 * only every poll interval, logged as an error, since it needs a person). Either way no row is skipped.
 */
final class JdbcErrorHandler {

    /** SQLState classes: connection exception, insufficient resources, operator intervention, transaction rollback. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57", "40");

    private JdbcErrorHandler() {
    }

    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return true;
        }
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            String state = cause.getSQLState();
            if (state != null && state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2))) {
                return true;
            }
            if (state == null && cause.getCause() instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }
}
