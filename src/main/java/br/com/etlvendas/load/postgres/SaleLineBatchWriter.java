package br.com.etlvendas.load.postgres;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleRevision;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one batch of clean sales in one transaction, with the consumer's next offsets stored in the same
 * transaction, so a crash at any point leaves either all of the batch (with its offsets) or none of it.
 * <p>
 * Each record's {@link SaleRevision} says what to do. Sales that only get {@link SaleRevision#NEW} lines in the
 * batch (nearly all) are COPYed straight into {@code sale_line} (COPY speed); only when a line's key is already
 * there (a re-send after the de-duplication window) does that COPY fail, and those lines are then written through
 * a temporary table and an upsert at line grain, the latest version of each line winning. Sales that some record
 * of the batch revises ({@link SaleRevision#LINES}, {@link SaleRevision#WHOLE}) take the replace path: their
 * records are folded in offset order into the sale's final lines (a whole version starts the sale over), which
 * are staged and upserted, and a sale replaced by a whole version loses every line the final version has not.
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
            + "installments = EXCLUDED.installments, "
            + "source = EXCLUDED.source, kafka_partition = EXCLUDED.kafka_partition, "
            + "kafka_offset = EXCLUDED.kafka_offset, loaded_at = now()";

    /** Lines of the given sales that the staged final version of their sale does not have. */
    private static final String DELETE_REMOVED_LINES = "DELETE FROM sale_line t WHERE t.sale_id = ANY (?) "
            + "AND NOT EXISTS (SELECT 1 FROM sale_line_stage s WHERE s.sale_id = t.sale_id AND s.line_no = t.line_no)";

    private static final String SAVE_OFFSET = "INSERT INTO loader_offset (consumer_group, topic, partition, next_offset) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition) "
            + "DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now() "
            + "WHERE loader_offset.next_offset <= EXCLUDED.next_offset";

    /** Creates the missing offset rows of the given partitions at 0 and locks them all, in a fixed order. */
    private static final String LOCK_OFFSETS = "INSERT INTO loader_offset (consumer_group, topic, partition, next_offset) "
            + "SELECT ?, t.topic, t.partition, 0 FROM unnest(?::text[], ?::int[]) AS t(topic, partition) "
            + "ORDER BY t.topic, t.partition "
            + "ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = loader_offset.next_offset "
            + "RETURNING topic, partition, next_offset";

    private final DataSource dataSource;
    private final String consumerGroup;

    SaleLineBatchWriter(DataSource dataSource, String consumerGroup) {
        this.dataSource = dataSource;
        this.consumerGroup = consumerGroup;
    }

    /**
     * What one write did: the lines written, and the records left out because the warehouse already holds their
     * offsets (another loader, or an earlier attempt, wrote them first).
     */
    record Written(int lines, int staleRecords) {
    }

    /**
     * Writes the batch and its offsets atomically. The stored offsets of the batch's partitions are locked first,
     * and a record below its partition's stored offset is left out: so offsets only move forward, and a batch that
     * a process kept after losing its partitions (retrying while the group moved them) cannot write what the new
     * owner has written.
     */
    Written write(List<ConsumerRecord<String, Sale>> batch) throws SQLException {
        if (batch.isEmpty()) {
            return new Written(0, 0);
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Map<TopicPartition, Long> first = firstOffsets(batch);
                Map<TopicPartition, Long> stored = lockStoredOffsets(c, first.keySet());
                List<ConsumerRecord<String, Sale>> fresh = notYetStored(batch, first, stored);
                int lines = fresh.isEmpty() ? 0 : writeRows(c, fresh);
                saveOffsets(c, nextOffsets(fresh));
                c.commit();
                return new Written(lines, batch.size() - fresh.size());
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackKeeping(c, e);
                if (e instanceof SQLException sql) {
                    throw sql;
                }
                throw new SQLException("cannot write a batch of " + batch.size() + " sales: " + e.getMessage(), e);
            }
        }
    }

    /** Writes the rows of records not yet in the warehouse, inside the caller's transaction; returns the lines written. */
    private static int writeRows(Connection c, List<ConsumerRecord<String, Sale>> batch) throws SQLException, IOException {
        Set<String> revisedSales = revisedSales(batch);
        CopyBuffer csv = new CopyBuffer(batch.size() * 512);
        Map<String, FinalLines> revised = new LinkedHashMap<>();
        int lines = 0;
        for (ConsumerRecord<String, Sale> r : batch) {
            Sale sale = r.value();
            if (sale == null) {
                continue;
            }
            if (!revisedSales.isEmpty() && revisedSales.contains(sale.saleId())) {
                revised.computeIfAbsent(sale.saleId(), id -> new FinalLines()).apply(r);
                continue;
            }
            for (SaleLine line : sale.lines()) {
                SaleLineCopyFormat.append(csv, sale, line, r.partition(), r.offset());
                lines++;
            }
        }
        CopyBuffer revisedCsv = new CopyBuffer(revised.isEmpty() ? 16 : revised.size() * 1024);
        List<String> replacedSales = new ArrayList<>();
        for (Map.Entry<String, FinalLines> e : revised.entrySet()) {
            lines += e.getValue().appendTo(revisedCsv);
            if (e.getValue().replaces) {
                replacedSales.add(e.getKey());
            }
        }
        boolean newLinesIn = csv.isEmpty() || copyStraightIn(c, csv);
        if (!newLinesIn || !revised.isEmpty()) {
            stage(c, newLinesIn ? null : csv, revised.isEmpty() ? null : revisedCsv);
            deleteLinesNoLongerInTheirSale(c, replacedSales);
            try (Statement st = c.createStatement()) {
                st.executeUpdate(UPSERT);
            }
        }
        return lines;
    }

    /** Each partition of the records with its lowest offset (records of one partition come in offset order). */
    private static Map<TopicPartition, Long> firstOffsets(List<ConsumerRecord<String, Sale>> records) {
        Map<TopicPartition, Long> first = new HashMap<>();
        String lastTopic = null;
        int lastPartition = -1;
        for (ConsumerRecord<String, Sale> r : records) {
            if (r.partition() != lastPartition || !r.topic().equals(lastTopic)) {
                first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
                lastTopic = r.topic();
                lastPartition = r.partition();
            }
        }
        return first;
    }

    /** The batch itself when every record is at or past its partition's stored offset (nearly always), else those that are. */
    static List<ConsumerRecord<String, Sale>> notYetStored(List<ConsumerRecord<String, Sale>> batch,
                                                          Map<TopicPartition, Long> first, Map<TopicPartition, Long> stored) {
        boolean anyBehind = false;
        for (Map.Entry<TopicPartition, Long> e : first.entrySet()) {
            Long next = stored.get(e.getKey());
            anyBehind |= next != null && e.getValue() < next;
        }
        if (!anyBehind) {
            return batch;
        }
        List<ConsumerRecord<String, Sale>> fresh = new ArrayList<>(batch.size());
        for (ConsumerRecord<String, Sale> r : batch) {
            Long next = stored.get(new TopicPartition(r.topic(), r.partition()));
            if (next == null || r.offset() >= next) {
                fresh.add(r);
            }
        }
        return fresh;
    }

    /** Each partition of the records with the offset after its last one. */
    private static Map<TopicPartition, Long> nextOffsets(List<ConsumerRecord<String, Sale>> records) {
        Map<TopicPartition, Long> next = new HashMap<>();
        ConsumerRecord<String, Sale> previous = null;
        for (ConsumerRecord<String, Sale> r : records) {
            if (previous != null && (r.partition() != previous.partition() || !r.topic().equals(previous.topic()))) {
                next.merge(new TopicPartition(previous.topic(), previous.partition()), previous.offset() + 1, Math::max);
            }
            previous = r;
        }
        if (previous != null) {
            next.merge(new TopicPartition(previous.topic(), previous.partition()), previous.offset() + 1, Math::max);
        }
        return next;
    }

    /**
     * Locks the offset rows of these partitions for the transaction (creating missing ones at 0) and returns their
     * stored next offsets: another loader writing the same partitions waits here until this transaction ends.
     */
    private Map<TopicPartition, Long> lockStoredOffsets(Connection c, Set<TopicPartition> partitions) throws SQLException {
        List<TopicPartition> ordered = new ArrayList<>(partitions);
        ordered.sort(java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOCK_OFFSETS)) {
            ps.setString(1, consumerGroup);
            ps.setArray(2, c.createArrayOf("text", ordered.stream().map(TopicPartition::topic).toArray()));
            ps.setArray(3, c.createArrayOf("int4", ordered.stream().map(TopicPartition::partition).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return stored;
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

    /** The ids of sales that a record of the batch revises; empty (and no set built) in the common all-new batch. */
    private static Set<String> revisedSales(List<ConsumerRecord<String, Sale>> batch) {
        Set<String> ids = null;
        for (ConsumerRecord<String, Sale> r : batch) {
            if (r.value() != null && r.value().revisionOrNew() != SaleRevision.NEW) {
                if (ids == null) {
                    ids = new HashSet<>();
                }
                ids.add(r.value().saleId());
            }
        }
        return ids == null ? Set.of() : ids;
    }

    /** COPYs rows into the transaction's temporary table {@code sale_line_stage}, emptied at commit. */
    private static void stage(Connection c, CopyBuffer... parts) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE IF NOT EXISTS sale_line_stage "
                    + "(LIKE sale_line INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
        }
        for (CopyBuffer rows : parts) {
            if (rows != null && !rows.isEmpty()) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn(SaleLineCopyFormat.copyInto("sale_line_stage"),
                        rows.stream(), COPY_CHUNK);
            }
        }
    }

    /** Deletes the lines of these sales that their final version, staged, no longer has. */
    private static void deleteLinesNoLongerInTheirSale(Connection c, List<String> saleIds) throws SQLException {
        if (saleIds.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(DELETE_REMOVED_LINES)) {
            ps.setArray(1, c.createArrayOf("text", saleIds.toArray()));
            ps.executeUpdate();
        }
    }

    /**
     * The lines one sale ends the batch with, folding its records in offset order: a whole version starts the
     * sale over, other records set the lines they carry; each line keeps the record (and offset) it came from.
     */
    private static final class FinalLines {
        private final Map<Integer, ConsumerRecord<String, Sale>> byLine = new LinkedHashMap<>();
        private boolean replaces;

        void apply(ConsumerRecord<String, Sale> r) {
            if (r.value().revisionOrNew() == SaleRevision.WHOLE) {
                byLine.clear();
                replaces = true;
            }
            for (SaleLine line : r.value().lines()) {
                byLine.put(line.lineNo(), r);
            }
        }

        int appendTo(CopyBuffer csv) {
            for (Map.Entry<Integer, ConsumerRecord<String, Sale>> e : byLine.entrySet()) {
                ConsumerRecord<String, Sale> r = e.getValue();
                for (SaleLine line : r.value().lines()) {
                    if (line.lineNo() == e.getKey()) {
                        SaleLineCopyFormat.append(csv, r.value(), line, r.partition(), r.offset());
                    }
                }
            }
            return byLine.size();
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

    /**
     * Moves the stored offset past a record without writing it, after {@code setAside} (sending it to the DLQ)
     * succeeded, both while its partition's offset row is locked. Returns false, doing neither, when the warehouse
     * already holds the record's offset (another loader dealt with it).
     */
    boolean skip(ConsumerRecord<String, Sale> r, Runnable setAside) throws SQLException {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Long stored = lockStoredOffsets(c, Set.of(tp)).get(tp);
                if (stored != null && r.offset() < stored) {
                    c.rollback();
                    return false;
                }
                setAside.run();
                saveOffsets(c, Map.of(tp, r.offset() + 1));
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                rollbackKeeping(c, e);
                throw e;
            }
        }
    }

    /**
     * Rolls back after {@code failure}; a rollback that fails too (the connection is gone) is attached to it, so the
     * caller classifies what went wrong first, not the closed connection that followed.
     */
    private static void rollbackKeeping(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
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
