package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch of clean sales in one transaction, with the consumer's next offsets stored in the same
 * transaction, so a crash at any point leaves either all of the batch (with its offsets) or none of it.
 * Streams has already dropped duplicates, so the lines are first COPYed straight into {@code sale_line}
 * (COPY speed); only when a line's key is already there (a correction, a re-send after the de-duplication
 * window) does that COPY fail, and the batch is then written again through a temporary table and an upsert
 * at line grain, the latest version of each line winning.
 */
final class SaleLineBatchWriter {

    static final String COLUMNS = SaleLineCopyFormat.COLUMNS;

    /** Bytes handed to the driver per write while COPYing. */
    private static final int COPY_CHUNK = 256 * 1024;

    /** PostgreSQL's SQL state for a duplicate key. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String UPSERT = "INSERT INTO sale_line (" + COLUMNS + ") "
            + "SELECT DISTINCT ON (sale_id, line_no) " + COLUMNS + " FROM sale_line_stage "
            + "ORDER BY sale_id, line_no, kafka_partition, kafka_offset DESC "
            + "ON CONFLICT (sale_id, line_no) DO UPDATE SET "
            + "sold_at = EXCLUDED.sold_at, store_id = EXCLUDED.store_id, store_name = EXCLUDED.store_name, "
            + "store_city = EXCLUDED.store_city, store_state = EXCLUDED.store_state, "
            + "store_country = EXCLUDED.store_country, channel = EXCLUDED.channel, "
            + "customer_id = EXCLUDED.customer_id, customer_name = EXCLUDED.customer_name, "
            + "customer_document = EXCLUDED.customer_document, payment_method = EXCLUDED.payment_method, "
            + "currency = EXCLUDED.currency, status = EXCLUDED.status, sku = EXCLUDED.sku, "
            + "product_name = EXCLUDED.product_name, category = EXCLUDED.category, quantity = EXCLUDED.quantity, "
            + "unit_price = EXCLUDED.unit_price, discount = EXCLUDED.discount, net_amount = EXCLUDED.net_amount, "
            + "attributes = EXCLUDED.attributes, "
            + "source = EXCLUDED.source, kafka_partition = EXCLUDED.kafka_partition, "
            + "kafka_offset = EXCLUDED.kafka_offset, loaded_at = now()";

    private static final String SAVE_OFFSET = "INSERT INTO loader_offset (consumer_group, topic, partition, next_offset) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition) "
            + "DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()";

    private final DataSource dataSource;
    private final String consumerGroup;

    SaleLineBatchWriter(DataSource dataSource, String consumerGroup) {
        this.dataSource = dataSource;
        this.consumerGroup = consumerGroup;
    }

    /** Writes the batch and its offsets atomically; returns the number of lines written. */
    int write(List<ConsumerRecord<String, Sale>> batch) throws SQLException {
        CopyBuffer csv = new CopyBuffer(batch.size() * 512);
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        int lines = 0;
        for (ConsumerRecord<String, Sale> r : batch) {
            nextOffsets.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            if (r.value() == null) {
                continue;
            }
            for (SaleLine line : r.value().lines()) {
                SaleLineCopyFormat.append(csv, r.value(), line, r.partition(), r.offset());
                lines++;
            }
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (lines > 0) {
                    if (!copyStraightIn(c, csv)) {
                        upsert(c, csv);
                    }
                }
                saveOffsets(c, nextOffsets);
                c.commit();
                return lines;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                if (e instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("cannot write a batch of " + batch.size() + " sales: " + e.getMessage(), e);
            }
        }
    }

    /** COPYs the rows into the table itself; false (and nothing written) when one of their keys is already there. */
    private static boolean copyStraightIn(Connection c, CopyBuffer rows) throws SQLException, IOException {
        Savepoint beforeCopy = c.setSavepoint();
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(SaleLineCopyFormat.copyInto("sale_line"), rows.stream(), COPY_CHUNK);
            c.releaseSavepoint(beforeCopy);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(beforeCopy);
            return false;
        }
    }

    /** Writes the rows through a temporary table, replacing lines whose key is already in the table. */
    private static void upsert(Connection c, CopyBuffer rows) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS sale_line_stage "
                    + "(LIKE sale_line INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        }
        c.unwrap(PGConnection.class).getCopyAPI().copyIn(SaleLineCopyFormat.copyInto("sale_line_stage"), rows.stream(), COPY_CHUNK);
        try (Statement st = c.createStatement()) {
            st.executeUpdate(UPSERT);
        }
    }

    private void saveOffsets(Connection c, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SAVE_OFFSET)) {
            for (Map.Entry<TopicPartition, Long> e : nextOffsets.entrySet()) {
                ps.setString(1, consumerGroup);
                ps.setString(2, e.getKey().topic());
                ps.setInt(3, e.getKey().partition());
                ps.setLong(4, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Moves the stored offset past a record without writing it (it went to the DLQ). */
    void skip(ConsumerRecord<String, Sale> r) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            saveOffsets(c, Map.of(new TopicPartition(r.topic(), r.partition()), r.offset() + 1));
        }
    }

    /** The stored next offset of each given partition that has one. */
    Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT next_offset FROM loader_offset WHERE consumer_group = ? AND topic = ? AND partition = ?")) {
            for (TopicPartition tp : partitions) {
                ps.setString(1, consumerGroup);
                ps.setString(2, tp.topic());
                ps.setInt(3, tp.partition());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        offsets.put(tp, rs.getLong(1));
                    }
                }
            }
        }
        return offsets;
    }
}
