package br.com.etlvendas.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleLogFilterTest {

    private final ConsoleLogFilter filter = new ConsoleLogFilter();
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void quietAgain() {
        ConsoleLogFilter.verbose(false);
    }

    private FilterReply decide(String logger, Level level) {
        return filter.decide(new LoggingEvent(getClass().getName(), context.getLogger(logger), level, "message", null, null));
    }

    @Test
    void shouldShowOnlyTheProductsOwnWarningsAndErrorsByDefault() {
        assertThat(decide("br.com.etlvendas.load.postgres.WarehouseLoader", Level.WARN)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("br.com.etlvendas.cli.Reconciler", Level.ERROR)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("br.com.etlvendas.cli.Reconciler", Level.INFO)).isEqualTo(FilterReply.DENY);
        assertThat(decide("org.apache.kafka.clients.producer.internals.Sender", Level.ERROR)).isEqualTo(FilterReply.DENY);
        assertThat(decide("kafka.server.ReplicaManager", Level.WARN)).isEqualTo(FilterReply.DENY);
    }

    @Test
    void shouldShowEveryLoggersMessagesWhenVerbose() {
        ConsoleLogFilter.verbose(true);

        assertThat(decide("org.apache.kafka.clients.producer.internals.Sender", Level.ERROR)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("kafka.server.ReplicaManager", Level.INFO)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(decide("br.com.etlvendas.cli.Reconciler", Level.INFO)).isEqualTo(FilterReply.NEUTRAL);
    }
}
