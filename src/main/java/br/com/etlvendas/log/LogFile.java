package br.com.etlvendas.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The log file, {@code <data-dir>/logs/etl-vendas.log} (or {@code ETL_LOG_DIR}), rolled at 50 MB keeping five
 * compressed older files. It is attached once the command knows its data directory; everything every logger
 * writes at its level goes there, while the console stays quiet (see {@link ConsoleLogFilter}).
 */
public final class LogFile {

    public static final String FILE_NAME = "etl-vendas.log";
    private static final String APPENDER = "FILE";
    private static final String LOG_DIR_VARIABLE = "ETL_LOG_DIR";
    private static final String PATTERN = "%d{ISO8601} [%thread] %-5level %logger{36} - %msg%n";
    private static final FileSize ROLL_AT = FileSize.valueOf("50MB");
    private static final int KEEP = 5;

    private LogFile() {
    }

    /** The directory the log goes to for a data directory: {@code ETL_LOG_DIR} when set, else {@code <data-dir>/logs}. */
    public static Path directoryFor(Path dataDir, Map<String, String> env) {
        return Optional.ofNullable(System.getProperty(LOG_DIR_VARIABLE)).or(() -> Optional.ofNullable(env.get(LOG_DIR_VARIABLE)))
                .filter(s -> !s.isBlank()).map(Path::of).orElse(dataDir.resolve("logs")).toAbsolutePath().normalize();
    }

    /** Sends every log message to {@code <dir>/etl-vendas.log} from now on; returns the file. */
    public static synchronized Path writeTo(Path dir) {
        Path file = dir.resolve(FILE_NAME).toAbsolutePath().normalize();
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return file; // another SLF4J binding: its own configuration decides
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> current = root.getAppender(APPENDER);
        if (current instanceof RollingFileAppender<ILoggingEvent> rolling && file.toString().equals(rolling.getFile())) {
            return file;
        }

        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(context);
        rolling.setParent(appender);
        rolling.setFileNamePattern(file.resolveSibling("etl-vendas.%i.log.gz").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(KEEP);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(ROLL_AT);
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();

        root.addAppender(appender);
        if (current != null) {
            root.detachAppender(current);
            current.stop();
        }
        return file;
    }
}
