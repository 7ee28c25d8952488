package br.com.etlvendas.transform;

import br.com.etlvendas.sale.JsonSerde;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running totals as the KPI store keeps them: a compact binary form written once per record, instead
 * of JSON (the form on the KPI topic). Version 3 adds the filtered lines, version 4 the revenue per currency, version 6 the enrichment counts. Reads every earlier form, so a store whose changelog was written as JSON by an
 * earlier version restores as it is.
 */
final class KpiTotalsStoreSerde implements Serde<KpiTotals> {

    /** Written by the first version: the source in DataOutputStream's modified UTF-8. */
    private static final byte VERSION_1 = 1;
    /** The source in standard UTF-8; otherwise the same layout. */
    private static final byte VERSION_2 = 2;
    /** Version 2 followed by the filtered lines, then the replayed lines. */
    private static final byte VERSION_3 = 3;
    /** Version 3 followed by the updated, removed and stale lines. */
    private static final byte VERSION_4 = 4;
    /** Version 4 followed by the revenue per currency: a count, then (code, amount) pairs. */
    private static final byte VERSION_5 = 5;
    /** Version 5 followed by the lines of unknown products, then of unknown stores (enrichment). */
    private static final byte VERSION_6 = 6;
    private final JsonSerde<KpiTotals> json = new JsonSerde<>(KpiTotals.class);

    @Override
    public Serializer<KpiTotals> serializer() {
        return (topic, t) -> {
            if (t == null) {
                return null;
            }
            byte[] source = t.source().getBytes(StandardCharsets.UTF_8);
            byte[] revenue = t.revenue().amount().toPlainString().getBytes(StandardCharsets.US_ASCII);
            if (source.length > 0xFFFF || revenue.length > 0xFFFF) {
                throw new SerializationException("KPI totals of source " + t.source() + " too large to store");
            }
            int splitBytes = 2;
            byte[][] codes = new byte[t.revenueByCurrency().size()][];
            byte[][] amounts = new byte[codes.length][];
            int i = 0;
            for (Map.Entry<String, Money> e : t.revenueByCurrency().entrySet()) {
                codes[i] = e.getKey().getBytes(StandardCharsets.UTF_8);
                amounts[i] = e.getValue().amount().toPlainString().getBytes(StandardCharsets.US_ASCII);
                splitBytes += 2 + codes[i].length + 2 + amounts[i].length;
                i++;
            }
            // the layout DataOutputStream writes (writeUTF, modified UTF-8 aside), built in one buffer
            ByteBuffer out = ByteBuffer.allocate(1 + 2 + source.length + 4 + 8 + 8 + 2 + revenue.length + 8 + 8 + 8 + 8 + 4
                            + 8 + 8 + 8 + 8 + 8 + splitBytes + 8 + 8)
                    .put(VERSION_6)
                    .putShort((short) source.length).put(source)
                    .putInt(t.partition())
                    .putLong(t.lines())
                    .putLong(t.orders())
                    .putShort((short) revenue.length).put(revenue)
                    .putLong(t.rejectedRecords())
                    .putLong(t.rejectedLines())
                    .putLong(t.duplicateLines())
                    .putLong(t.updatedAt().getEpochSecond())
                    .putInt(t.updatedAt().getNano())
                    .putLong(t.filteredLines())
                    .putLong(t.replayedLines())
                    .putLong(t.updatedLines())
                    .putLong(t.removedLines())
                    .putLong(t.staleLines())
                    .putShort((short) codes.length);
            for (int j = 0; j < codes.length; j++) {
                out.putShort((short) codes[j].length).put(codes[j]).putShort((short) amounts[j].length).put(amounts[j]);
            }
            out.putLong(t.unknownProductLines()).putLong(t.unknownStoreLines());
            return out.array();
        };
    }

    private static String utf8(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public Deserializer<KpiTotals> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            if (data.length > 0 && data[0] == '{') {
                return json.deserializer().deserialize(topic, data);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                byte version = in.readByte();
                if (version < VERSION_1 || version > VERSION_6) {
                    throw new SerializationException("KPI totals in an unknown format (version " + version + ")");
                }
                String source = version == VERSION_1 ? in.readUTF() : utf8(in);
                int partition = in.readInt();
                long lines = in.readLong();
                long orders = in.readLong();
                Money revenue = Money.of(new BigDecimal(in.readUTF()));
                long rejectedRecords = in.readLong();
                long rejectedLines = in.readLong();
                long duplicateLines = in.readLong();
                Instant updatedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
                long filteredLines = version >= VERSION_3 ? in.readLong() : 0;
                long replayedLines = version >= VERSION_3 ? in.readLong() : 0;
                long updatedLines = version >= VERSION_4 ? in.readLong() : 0;
                long removedLines = version >= VERSION_4 ? in.readLong() : 0;
                long staleLines = version >= VERSION_4 ? in.readLong() : 0;
                Map<String, Money> split = new TreeMap<>();
                if (version >= VERSION_5) {
                    int n = in.readUnsignedShort();
                    for (int i = 0; i < n; i++) {
                        split.put(utf8(in), Money.of(new BigDecimal(in.readUTF())));
                    }
                }
                long unknownProducts = version >= VERSION_6 ? in.readLong() : 0;
                long unknownStores = version >= VERSION_6 ? in.readLong() : 0;
                return new KpiTotals(source, partition, lines, orders, revenue, rejectedRecords, rejectedLines,
                        duplicateLines, updatedAt, filteredLines, replayedLines, updatedLines, removedLines, staleLines, split,
                        unknownProducts, unknownStores);
            } catch (IOException e) {
                throw new SerializationException("cannot read KPI totals: " + e.getMessage(), e);
            }
        };
    }
}
