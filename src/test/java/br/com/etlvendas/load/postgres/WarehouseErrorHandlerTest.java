package br.com.etlvendas.load.postgres;

import br.com.etlvendas.load.postgres.WarehouseErrorHandler.Failure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class WarehouseErrorHandlerTest {

    @ParameterizedTest(name = "SQL state {0} is {1}")
    @CsvSource({
            "08001, TRANSIENT",      // connection refused
            "08006, TRANSIENT",      // connection lost
            "40001, TRANSIENT",      // serialization failure
            "40P01, TRANSIENT",      // deadlock
            "53100, TRANSIENT",      // disk full
            "57P01, TRANSIENT",      // admin shutdown
            "23505, DATA",           // unique violation
            "23514, DATA",           // check violation
            "23502, DATA",           // not null violation
            "22003, DATA",           // numeric value out of range
            "22001, DATA",           // string too long
            "28P01, CONFIGURATION",  // bad password
            "28000, CONFIGURATION",  // invalid authorization
            "42501, CONFIGURATION",  // permission denied
            "42P01, CONFIGURATION",  // missing table
            "42703, CONFIGURATION",  // missing column
            "3D000, CONFIGURATION",  // missing database
    })
    void shouldClassifyAWarehouseFailureBySqlState(String state, Failure expected) {
        // given a failure the driver reports with this SQL state
        SQLException e = new SQLException("from the warehouse", state);

        // when it is classified, then it falls in the expected class
        assertThat(WarehouseErrorHandler.classify(e)).isEqualTo(expected);
    }

    @Test
    void shouldTakeTheClassOfTheSqlFailureWrappedInsideAnotherOne() {
        // given a failure wrapping a permission error, as our own writer wraps COPY failures
        SQLException wrapped = new SQLException("cannot write a batch", new SQLException("permission denied", "42501"));

        // then it is a configuration error, not the batch's data
        assertThat(WarehouseErrorHandler.classify(wrapped)).isEqualTo(Failure.CONFIGURATION);
    }

    @Test
    void shouldTreatARefusedConnectionAsTransient() {
        SQLException e = new SQLException("cannot write a batch", new IOException("copy", new ConnectException("refused")));

        assertThat(WarehouseErrorHandler.classify(e)).isEqualTo(Failure.TRANSIENT);
    }

    @Test
    void shouldNameTheMissingPrivilegeInTheHintForAPermissionError() {
        assertThat(WarehouseErrorHandler.configurationHint(new SQLException("permission denied for table sale_line", "42501")))
                .contains("privilege").contains("sale_line");
    }
}
