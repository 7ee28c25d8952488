package br.com.etlvendas.load.postgres;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Decides what a warehouse failure means for the loader, from its SQL state: {@link Failure#TRANSIENT} (the
 * database is down, restarting, out of disk, or a transaction lost a race) is retried with back-off;
 * {@link Failure#DATA} (a value a column or constraint refuses) is the fault of some rows, which are isolated and
 * sent to the DLQ; {@link Failure#CONFIGURATION} (authentication, permission, a missing table or database, or
 * anything else the data cannot have caused) stops the loader with a message naming the problem, because
 * retrying cannot fix it and sending every sale to the DLQ would only hide it.
 */
final class WarehouseErrorHandler {

    enum Failure {
        TRANSIENT, DATA, CONFIGURATION
    }

    private WarehouseErrorHandler() {
    }

    static Failure classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof java.net.ConnectException || t instanceof java.io.EOFException) {
                return Failure.TRANSIENT;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return classifyState(sql.getSQLState());
            }
        }
        // no SQL state at all: our own failure to encode a row (the row's fault); an unreachable database is
        // told apart by the caller, which checks the connection before believing it
        return Failure.DATA;
    }

    static boolean isTransient(Throwable error) {
        return classify(error) == Failure.TRANSIENT;
    }

    static Failure classifyState(String state) {
        if (state.startsWith("08")         // connection exception (refused, lost)
                || state.startsWith("53")  // insufficient resources: disk full, out of memory, too many connections
                || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
                || state.equals("40001")   // serialization failure
                || state.equals("40P01")   // deadlock detected
                || state.equals("55P03")) { // lock not available
            return Failure.TRANSIENT;
        }
        if (state.startsWith("22")         // data exception: value out of range, invalid text, ...
                || state.startsWith("23")) { // integrity constraint violation: not null, check, foreign key
            return Failure.DATA;
        }
        // 28xxx authentication, 42501 permission, 42P01 missing table, 42703 missing column, 3D000 missing
        // database, and whatever else no row can have caused
        return Failure.CONFIGURATION;
    }

    /** What the operator should look at, for the loader's stop message. */
    static String configurationHint(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("28")) {
            return "the warehouse refused the loader's credentials (warehouse.user / WAREHOUSE_PASSWORD)";
        }
        return switch (state) {
            case "42501" -> "the warehouse user lacks a privilege the loader needs (INSERT, UPDATE, DELETE on sale_line, "
                    + "INSERT, UPDATE on loader_offset)";
            case "42P01" -> "a table the loader writes is missing (is the schema migrated? `./etl-vendas servers` migrates it)";
            case "42703" -> "a column the loader writes is missing (is the schema migrated to this version?)";
            case "3D000" -> "the warehouse database does not exist (warehouse.jdbc-url)";
            default -> "the warehouse cannot accept any batch until this is fixed";
        };
    }
}
