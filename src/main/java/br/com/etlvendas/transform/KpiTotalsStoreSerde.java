package br.com.etlvendas.transform;

import br.com.etlvendas.sale.JsonSerde;
import br.com.etlvendas.sale.KpiTotals;
import br.com.etlvendas.sale.Money;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The running totals as the KPI store keeps them: a compact binary form written once per record, instead
 * of JSON (the form on the KPI topic). Reads both, so a store whose changelog was written as JSON by an
 * earlier version restores as it is.
 */
final class KpiTotalsStoreSerde implements Serde<KpiTotals> {

    private static final byte VERSION_1 = 1;
    private final JsonSerde<KpiTotals> json = new JsonSerde<>(KpiTotals.class);

    @Override
    public Serializer<KpiTotals> serializer() {
        return (topic, t) -> {
            if (t == null) {
                return null;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION_1);
                out.writeUTF(t.source());
                out.writeInt(t.partition());
                out.writeLong(t.lines());
                out.writeLong(t.orders());
                out.writeUTF(t.revenue().amount().toPlainString());
                out.writeLong(t.rejectedRecords());
                out.writeLong(t.rejectedLines());
                out.writeLong(t.duplicateLines());
                out.writeLong(t.updatedAt().getEpochSecond());
                out.writeInt(t.updatedAt().getNano());
            } catch (IOException e) {
                throw new SerializationException("cannot write KPI totals of " + t.source(), e);
            }
            return bytes.toByteArray();
        };
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
                if (version != VERSION_1) {
                    throw new SerializationException("KPI totals in an unknown format (version " + version + ")");
                }
                return new KpiTotals(in.readUTF(), in.readInt(), in.readLong(), in.readLong(),
                        Money.of(new BigDecimal(in.readUTF())), in.readLong(), in.readLong(), in.readLong(),
                        Instant.ofEpochSecond(in.readLong(), in.readInt()));
            } catch (IOException e) {
                throw new SerializationException("cannot read KPI totals: " + e.getMessage(), e);
            }
        };
    }
}
