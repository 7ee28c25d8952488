package br.com.etlvendas.transform;

import br.com.etlvendas.sale.Sale;
import br.com.etlvendas.sale.SaleLine;
import br.com.etlvendas.sale.SaleRevision;
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
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one sale adds to the windowed KPIs right now: its sale-level dimensions and time, and each counted line
 * (by line number) with its category, product, revenue and units; empty once the sale no longer counts
 * (cancelled, returned). Kept per sale id so that a newer version can first take the old contribution away
 * and then add its own: corrections and cancellations move the windows exactly as they move the warehouse.
 * {@code changedAt} is the record time of the last change, by which {@link WindowContributions} expires it.
 */
record WindowContribution(long changedAt, long soldAtMillis, String currency, String store, String state,
                          String channel, String payment, List<Line> lines) {

    static final WindowContribution NONE = new WindowContribution(Long.MIN_VALUE, 0, null, null, null, null, null, List.of());

    WindowContribution {
        lines = List.copyOf(lines);
    }

    /** One counted line of the sale. */
    record Line(int lineNo, String category, String sku, String productName, BigDecimal revenue, BigDecimal units) {
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    /**
     * The contribution after {@code change} (a record as de-duplication passed it on, at record time {@code ts}):
     * a whole version replaces every line; otherwise the record's lines replace those with their numbers and
     * the others stay. Sale-level dimensions and time are the newest record's. Lines that do not count (their
     * sale is not completed) leave the contribution.
     */
    WindowContribution after(Sale change, long ts) {
        boolean whole = change.revisionOrNew() == SaleRevision.WHOLE;
        Map<Integer, Line> byNo = new LinkedHashMap<>();
        if (!whole) {
            for (Line l : lines) {
                byNo.put(l.lineNo(), l);
            }
        }
        boolean counts = change.countsAsRevenue();
        for (SaleLine l : change.lines()) {
            if (counts) {
                byNo.put(l.lineNo(), new Line(l.lineNo(), l.category(), l.sku(), l.productName(), l.netAmount().amount(),
                        l.quantity()));
            } else {
                byNo.remove(l.lineNo());
            }
        }
        return new WindowContribution(ts, change.soldAt().toInstant().toEpochMilli(), change.currency(),
                change.store() == null ? null : change.store().storeId(), change.store() == null ? null : change.store().state(),
                change.channel() == null ? null : change.channel().name(),
                change.paymentMethod() == null ? null : change.paymentMethod().name(), new ArrayList<>(byNo.values()));
    }

    /** What this contribution adds to the windows: every line, and the order once when there is any line. */
    SaleDelta added(String saleId) {
        List<SaleDelta.LineDelta> deltas = new ArrayList<>(lines.size());
        for (Line l : lines) {
            deltas.add(new SaleDelta.LineDelta(l.category(), l.sku(), l.productName(), l.revenue(), l.units(), 1));
        }
        return new SaleDelta(saleId, soldAtMillis, currency, store, state, channel, payment, lines.isEmpty() ? 0 : 1, deltas);
    }

    /** Whether both contributions give the sale the same time, currency and sale-level dimensions. */
    boolean sameSaleAs(WindowContribution other) {
        return soldAtMillis == other.soldAtMillis && java.util.Objects.equals(currency, other.currency)
                && java.util.Objects.equals(store, other.store) && java.util.Objects.equals(state, other.state)
                && java.util.Objects.equals(channel, other.channel) && java.util.Objects.equals(payment, other.payment);
    }

    /**
     * What this contribution adds to {@code before}'s, when it only has more lines (and every line of
     * {@code before} unchanged): the lines whose numbers {@code before} did not have, and no order.
     */
    SaleDelta addedSince(WindowContribution before, String saleId) {
        java.util.Set<Integer> had = new java.util.HashSet<>();
        for (Line l : before.lines) {
            had.add(l.lineNo());
        }
        List<SaleDelta.LineDelta> deltas = new ArrayList<>(1);
        for (Line l : lines) {
            if (!had.contains(l.lineNo())) {
                deltas.add(new SaleDelta.LineDelta(l.category(), l.sku(), l.productName(), l.revenue(), l.units(), 1));
            }
        }
        return new SaleDelta(saleId, soldAtMillis, currency, store, state, channel, payment, 0, deltas);
    }

    /** The store's form: a format byte, then the fields in order; strings as a length (-1: none) and UTF-8, decimals as scale and bytes. */
    static final class StoreSerde implements Serde<WindowContribution> {
        private static final byte FORMAT_1 = 1;

        @Override
        public Serializer<WindowContribution> serializer() {
            return (topic, c) -> {
                if (c == null) {
                    return null;
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 48 * c.lines().size());
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeByte(FORMAT_1);
                    out.writeLong(c.changedAt());
                    out.writeLong(c.soldAtMillis());
                    writeText(out, c.currency());
                    writeText(out, c.store());
                    writeText(out, c.state());
                    writeText(out, c.channel());
                    writeText(out, c.payment());
                    out.writeInt(c.lines().size());
                    for (Line l : c.lines()) {
                        out.writeInt(l.lineNo());
                        writeText(out, l.category());
                        writeText(out, l.sku());
                        writeText(out, l.productName());
                        writeDecimal(out, l.revenue());
                        writeDecimal(out, l.units());
                    }
                } catch (IOException e) {
                    throw new SerializationException("Cannot write a window contribution", e);
                }
                return bytes.toByteArray();
            };
        }

        @Override
        public Deserializer<WindowContribution> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                    byte format = in.readByte();
                    if (format != FORMAT_1) {
                        throw new SerializationException("Unknown window contribution format " + format);
                    }
                    long changedAt = in.readLong();
                    long soldAt = in.readLong();
                    String currency = readText(in);
                    String store = readText(in);
                    String state = readText(in);
                    String channel = readText(in);
                    String payment = readText(in);
                    int n = in.readInt();
                    if (n < 0 || n > data.length) {
                        throw new SerializationException("Corrupt window contribution: " + n + " lines");
                    }
                    List<Line> lines = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        lines.add(new Line(in.readInt(), readText(in), readText(in), readText(in), readDecimal(in),
                                readDecimal(in)));
                    }
                    return new WindowContribution(changedAt, soldAt, currency, store, state, channel, payment, lines);
                } catch (IOException e) {
                    throw new SerializationException("Corrupt window contribution", e);
                }
            };
        }

        private static void writeText(DataOutputStream out, String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
            } else {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }

        private static String readText(DataInputStream in) throws IOException {
            int n = in.readInt();
            if (n < 0) {
                return null;
            }
            if (n > in.available()) {
                throw new SerializationException("Corrupt window contribution: a text of " + n + " bytes");
            }
            byte[] utf8 = new byte[n];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }

        private static void writeDecimal(DataOutputStream out, BigDecimal d) throws IOException {
            byte[] unscaled = d.unscaledValue().toByteArray();
            out.writeInt(d.scale());
            out.writeShort(unscaled.length);
            out.write(unscaled);
        }

        private static BigDecimal readDecimal(DataInputStream in) throws IOException {
            int scale = in.readInt();
            byte[] unscaled = new byte[in.readUnsignedShort()];
            in.readFully(unscaled);
            return new BigDecimal(new BigInteger(unscaled), scale);
        }
    }
}
