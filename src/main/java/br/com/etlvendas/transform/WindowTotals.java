package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Money;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What {@link KpiWindowAggregator} keeps per window cell: revenue, orders, lines and units (a late-events
 * cell uses orders for records), and for a product cell the product's name. Immutable.
 */
record WindowTotals(Money revenue, long orders, long lines, BigDecimal units, String name) {

    static final WindowTotals ZERO = new WindowTotals(Money.ZERO, 0, 0, BigDecimal.ZERO, "");

    WindowTotals plus(BigDecimal revenueDelta, long ordersDelta, long linesDelta, BigDecimal unitsDelta, String newName) {
        return new WindowTotals(revenueDelta.signum() == 0 ? revenue : Money.of(revenue.amount().add(revenueDelta)),
                orders + ordersDelta, lines + linesDelta, unitsDelta.signum() == 0 ? units : units.add(unitsDelta),
                newName == null ? name : newName);
    }

    /** The store's binary form: {@code [1][revenue][orders][lines][units][name]}, decimals as plain text. */
    static final class StoreSerde implements Serde<WindowTotals> {

        private static final byte VERSION_1 = 1;

        @Override
        public Serializer<WindowTotals> serializer() {
            return (topic, t) -> {
                if (t == null) {
                    return null;
                }
                byte[] revenue = t.revenue().amount().toPlainString().getBytes(StandardCharsets.US_ASCII);
                byte[] units = t.units().toPlainString().getBytes(StandardCharsets.US_ASCII);
                byte[] name = t.name().getBytes(StandardCharsets.UTF_8);
                if (name.length > 0xFFFF) {
                    name = t.name().substring(0, 0x3FFF).getBytes(StandardCharsets.UTF_8);
                }
                return ByteBuffer.allocate(1 + 2 + revenue.length + 8 + 8 + 2 + units.length + 2 + name.length)
                        .put(VERSION_1)
                        .putShort((short) revenue.length).put(revenue)
                        .putLong(t.orders())
                        .putLong(t.lines())
                        .putShort((short) units.length).put(units)
                        .putShort((short) name.length).put(name)
                        .array();
            };
        }

        @Override
        public Deserializer<WindowTotals> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try {
                    ByteBuffer in = ByteBuffer.wrap(data);
                    if (in.get() != VERSION_1) {
                        throw new SerializationException("window totals in an unknown format (version " + data[0] + ")");
                    }
                    Money revenue = Money.of(new BigDecimal(text(in, StandardCharsets.US_ASCII)));
                    long orders = in.getLong();
                    long lines = in.getLong();
                    BigDecimal units = new BigDecimal(text(in, StandardCharsets.US_ASCII));
                    return new WindowTotals(revenue, orders, lines, units, text(in, StandardCharsets.UTF_8));
                } catch (RuntimeException e) {
                    throw new SerializationException("cannot read window totals (" + data.length + " bytes): " + e.getMessage(), e);
                }
            };
        }

        private static String text(ByteBuffer in, java.nio.charset.Charset charset) {
            byte[] bytes = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(bytes);
            return new String(bytes, charset);
        }
    }
}
