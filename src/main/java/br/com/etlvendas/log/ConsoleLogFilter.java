package br.com.etlvendas.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * What reaches the console: by default only ETL Vendas's own warnings and errors — the embedded broker's,
 * Streams' and the clients' messages (internal retries of the transaction protocol among them, which resolve
 * themselves) go to the log file only. With {@code --verbose}, every message the loggers let through.
 */
public final class ConsoleLogFilter extends Filter<ILoggingEvent> {

    private static final String OWN = "br.com.etlvendas";

    private static volatile boolean verbose;

    /** Shows every logger's messages on the console (the {@code --verbose} option). */
    public static void verbose(boolean on) {
        verbose = on;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        if (verbose) {
            return FilterReply.NEUTRAL;
        }
        boolean own = event.getLoggerName().startsWith(OWN);
        return own && event.getLevel().isGreaterOrEqual(Level.WARN) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
