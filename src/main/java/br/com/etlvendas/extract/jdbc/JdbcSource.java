package br.com.etlvendas.extract.jdbc;

import br.com.etlvendas.config.JdbcSourceConfig;
import br.com.etlvendas.extract.PollingSource;
import br.com.etlvendas.extract.SourcePublisher;
import br.com.etlvendas.extract.mapping.RowMapper;
import br.com.etlvendas.sale.RawSale;
import br.com.etlvendas.sale.SourceState;
import br.com.etlvendas.sale.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Properties;




/**
 * Reads a database table or query incrementally by its watermark column and publishes every row, through
 * the source's mapping, to {@code sales.raw}. Each batch is published in one Kafka transaction together with
 * the source's {@link SourceState} (last watermark, records in all) on the state topic, so a restart resumes
 * exactly after the last committed batch: no row lost, none published twice. A database that is down is
 * retried with exponential back-off and a broken query every poll interval, never skipping a row; a row
 * the mapping cannot read is published as rejected (it reaches the DLQ) and never stops the source.
 * <p>
 * The watermark column must be NOT NULL and only ever grow in commit order: a row inserted later with a
 * value at or below one already read (an id from a sequence whose transaction committed late, an
 * {@code updated_at} set in the past) is never read. Ties are safe: a value's rows are never split between
 * batches. A strictly increasing unique column (an id, or a commit sequence) is the safest choice.
 */
public final class JdbcSource extends PollingSource {

    private static final Logger log = LoggerFactory.getLogger(JdbcSource.class);

    private final JdbcSourceConfig config;
    private final RowMapper mapper;
    private final Clock clock;
    private final WatermarkQuery query;

    // used by the running thread only (and by close() once it has ended)
    private Connection connection;
    private Optional<Watermark> position = Optional.empty();
    private long records;

    public JdbcSource(JdbcSourceConfig config, Topics topics, String bootstrapServers, RowMapper mapper, Clock clock) {
        super(config.name(), "row", topics, bootstrapServers, transactionalId(config.name()), config.pollInterval(), log);
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
        this.query = new WatermarkQuery(config);
    }

    /** The Kafka transactional id of the source: one per source name, so a second instance fences the first. */
    public static String transactionalId(String sourceName) {
        return "etl-vendas-jdbc-" + sourceName;
    }

    @Override
    protected void resume(Optional<SourceState> state) {
        records = state.map(SourceState::records).orElse(0L);
        position = state.map(SourceState::position).filter(p -> !p.isBlank())
                .or(() -> Optional.of(config.initialWatermark().strip()).filter(p -> !p.isEmpty()))
                .map(p -> Watermark.parse(p).orElse(new Watermark(null, p)));
        log.info("Source {}: {} ({} records published so far)", config.name(),
                position.map(w -> "resuming after " + config.watermarkColumn() + " = " + w.value()).orElse("reading from the start"),
                records);
    }

    @Override
    protected boolean pollOnce() throws SQLException {
        WatermarkQuery.Batch batch = query.next(connection(), position);
        publish(batch.rows());
        return batch.caughtUp();
    }

    @Override
    protected boolean handled(Exception e) throws InterruptedException {
        if (!(e instanceof SQLException sql)) {
            return false;
        }
        release();
        if (JdbcErrorHandler.isTransient(sql)) {
            backOff("database " + databaseOf() + " unavailable (" + sql.getMessage() + ")");
        } else {
            log.error("Source {}: reading {} failed (SQLState {}: {}); retrying in {}", config.name(), databaseOf(),
                    sql.getSQLState(), sql.getMessage(), config.pollInterval());
            pause(config.pollInterval());
        }
        return true;
    }

    private void publish(List<WatermarkQuery.Row> rows) {
        if (rows.isEmpty()) {
            return;
        }
        long n = records;
        Optional<Watermark> last = position;
        SourcePublisher publisher = publisher();
        publisher.begin();
        for (WatermarkQuery.Row row : rows) {
            n++;
            publisher.publish(toSale(row, n));
            if (row.watermark() != null) {
                last = Optional.of(row.watermark());
            }
        }
        String text = last.map(Watermark::position).orElse("");
        publisher.publishState(topics().sourceState(), config.name(), new SourceState(config.name(), text, n, clock.instant()));
        publisher.commit();
        log.debug("Source {}: committed {} rows up to {} ({} in all)", config.name(), rows.size(), text, n);
        position = last;
        records = n;
    }

    private RawSale toSale(WatermarkQuery.Row row, long number) {
        String origin = config.name() + "#" + config.watermarkColumn() + "="
                + (row.watermark() == null ? "NULL" : row.watermark().value()) + "&row=" + number;
        String text = render(row.data());
        if (row.watermark() == null) {
            return RawSale.rejectedAtSource(text, List.of("watermark column " + config.watermarkColumn()
                    + " is NULL: the query must not return rows it cannot track"), config.name(), origin);
        }
        return map(mapper, number, row.data(), text, origin);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Properties p = new Properties();
            if (!config.user().isBlank()) {
                p.setProperty("user", config.user());
            }
            if (!config.password().isEmpty()) {
                p.setProperty("password", config.password().reveal());
            }
            connection = DriverManager.getConnection(config.jdbcUrl(), p);
            connection.setAutoCommit(true);
            connection.setReadOnly(true);
        }
        return connection;
    }

    /** The JDBC URL without its parameters, which may hold credentials. */
    private String databaseOf() {
        int q = config.jdbcUrl().indexOf('?');
        return q < 0 ? config.jdbcUrl() : config.jdbcUrl().substring(0, q);
    }

    /** Closes the database connection (after a failure, and on close): the next poll connects again. */
    @Override
    protected void release() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Source {}: closing the broken connection failed: {}", config.name(), e.getMessage());
            }
            connection = null;
        }
    }
}
