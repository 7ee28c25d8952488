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

/**
 * The running totals as the KPI store keeps them: a compact binary form written once per record, instead
 * of JSON (the form on the KPI topic). Reads both, so a store whose changelog was written as JSON by an
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
            // the layout DataOutputStream writes (writeUTF, modified UTF-8 aside), built in one buffer
            return ByteBuffer.allocate(1 + 2 + source.length + 4 + 8 + 8 + 2 + revenue.length + 8 + 8 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 8)
                    .put(VERSION_4)
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
                    .array();
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
                if (version < VERSION_1 || version > VERSION_4) {
                    throw new SerializationException("KPI totals in an unknown format (version " + version + ")");
                }
                boolean v3 = version == VERSION_3 || version == VERSION_4;
                return new KpiTotals(version == VERSION_1 ? in.readUTF() : utf8(in), in.readInt(), in.readLong(), in.readLong(),
                        Money.of(new BigDecimal(in.readUTF())), in.readLong(), in.readLong(), in.readLong(),
                        Instant.ofEpochSecond(in.readLong(), in.readInt()), v3 ? in.readLong() : 0, v3 ? in.readLong() : 0,
                        version == VERSION_4 ? in.readLong() : 0, version == VERSION_4 ? in.readLong() : 0,
                        version == VERSION_4 ? in.readLong() : 0);
            } catch (IOException e) {
                throw new SerializationException("cannot read KPI totals: " + e.getMessage(), e);
            }
        };
    }
}
