package br.com.etlvendas.transform;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * What de-duplication remembers of one sale: the newest source-given version, and for each line seen the
 * record time it was last changed at, a fingerprint of its content ({@link SaleContentHash}), whether it
 * counts as revenue (its sale was completed) and its net amount — enough to tell an identical re-send from a
 * changed one and to move the KPIs by the difference. Immutable; small (a sale has a handful of lines), so it
 * is held as parallel arrays and stored in about 30 bytes a line.
 * <p>
 * Lines remembered by a version that stored only line numbers and times ({@code [count][lineNo, time]…}) are
 * read as {@link #LEGACY}: their content is unknown, so a re-send of one is a duplicate, as it was then.
 */
final class SeenLines {

    /** No source-given version seen. */
    static final long NO_VERSION = Long.MIN_VALUE;
    /** The line counts as revenue: its sale's status was completed. */
    static final byte COUNTED = 1;
    /** Remembered before content was: only its number and time are known. */
    static final byte LEGACY = 2;

    static final SeenLines NONE = new SeenLines(NO_VERSION, new int[0], new long[0], new long[0], new byte[0],
            new BigDecimal[0]);

    private static final byte FORMAT_2 = 2;

    private final long version;
    private final int[] lineNos;
    private final long[] times;
    private final long[] hashes;
    private final byte[] flags;
    private final BigDecimal[] nets;

    SeenLines(long version, int[] lineNos, long[] times, long[] hashes, byte[] flags, BigDecimal[] nets) {
        this.version = version;
        this.lineNos = lineNos;
        this.times = times;
        this.hashes = hashes;
        this.flags = flags;
        this.nets = nets;
    }

    long version() {
        return version;
    }

    int size() {
        return lineNos.length;
    }

    int lineNo(int i) {
        return lineNos[i];
    }

    long time(int i) {
        return times[i];
    }

    long hash(int i) {
        return hashes[i];
    }

    boolean counted(int i) {
        return (flags[i] & COUNTED) != 0;
    }

    boolean legacy(int i) {
        return (flags[i] & LEGACY) != 0;
    }

    BigDecimal net(int i) {
        return nets[i];
    }

    /** The revenue line {@code i} counts for: its net amount when its sale was completed, zero otherwise. */
    BigDecimal revenue(int i) {
        return counted(i) ? nets[i] : BigDecimal.ZERO;
    }

    /** The index of line {@code lineNo}, or -1. */
    int indexOf(int lineNo) {
        for (int i = 0; i < lineNos.length; i++) {
            if (lineNos[i] == lineNo) {
                return i;
            }
        }
        return -1;
    }

    /** The time line {@code lineNo} was seen at, or {@code Long.MIN_VALUE} if it was not. */
    long seenAt(int lineNo) {
        int i = indexOf(lineNo);
        return i < 0 ? Long.MIN_VALUE : times[i];
    }

    /** Whether line {@code i} was seen within {@code retentionMs} of {@code ts}, before or after it. */
    boolean live(int i, long ts, long retentionMs) {
        return Math.abs(ts - times[i]) <= retentionMs;
    }

    /** Whether any line was seen within {@code retentionMs} of {@code ts}, before or after it. */
    boolean anyWithin(long ts, long retentionMs) {
        for (int i = 0; i < times.length; i++) {
            if (live(i, ts, retentionMs)) {
                return true;
            }
        }
        return false;
    }

    /** The latest time any line was seen at ({@code Long.MIN_VALUE} when none). */
    long newest() {
        long newest = Long.MIN_VALUE;
        for (long t : times) {
            newest = Math.max(newest, t);
        }
        return newest;
    }

    /** Builds the next state of a sale, a line at a time. */
    static final class Builder {
        private int[] lineNos;
        private long[] times;
        private long[] hashes;
        private byte[] flags;
        private BigDecimal[] nets;
        private int n;

        Builder(int capacity) {
            int c = Math.max(1, capacity);
            lineNos = new int[c];
            times = new long[c];
            hashes = new long[c];
            flags = new byte[c];
            nets = new BigDecimal[c];
        }

        /** Keeps line {@code i} of {@code seen} as it is. */
        Builder keep(SeenLines seen, int i) {
            return add(seen.lineNos[i], seen.times[i], seen.hashes[i], seen.flags[i], seen.nets[i]);
        }

        /** Sets line {@code lineNo}: replaces it when this builder has it already, adds it otherwise. */
        Builder add(int lineNo, long time, long hash, byte flag, BigDecimal net) {
            int i = indexOf(lineNo);
            if (i < 0) {
                if (n == lineNos.length) {
                    int c = n * 2;
                    lineNos = Arrays.copyOf(lineNos, c);
                    times = Arrays.copyOf(times, c);
                    hashes = Arrays.copyOf(hashes, c);
                    flags = Arrays.copyOf(flags, c);
                    nets = Arrays.copyOf(nets, c);
                }
                i = n++;
            }
            lineNos[i] = lineNo;
            times[i] = time;
            hashes[i] = hash;
            flags[i] = flag;
            nets[i] = net;
            return this;
        }

        int indexOf(int lineNo) {
            for (int i = 0; i < n; i++) {
                if (lineNos[i] == lineNo) {
                    return i;
                }
            }
            return -1;
        }

        SeenLines build(long version) {
            return new SeenLines(version, Arrays.copyOf(lineNos, n), Arrays.copyOf(times, n), Arrays.copyOf(hashes, n),
                    Arrays.copyOf(flags, n), Arrays.copyOf(nets, n));
        }
    }

    /**
     * The store's binary form: {@code [2][version: long][count: int]} then per line {@code [lineNo: int][time: long]
     * [hash: long][flags: byte][net scale: int][net unscaled length: byte][net unscaled: two's complement]}.
     * Reads the first form ({@code [count: int][lineNo: int, time: long]…}, its first byte always 0) as legacy lines.
     */
    static final class StoreSerde implements Serde<SeenLines> {

        @Override
        public Serializer<SeenLines> serializer() {
            return (topic, s) -> {
                if (s == null) {
                    return null;
                }
                byte[][] unscaled = new byte[s.lineNos.length][];
                int size = 1 + 8 + 4;
                for (int i = 0; i < unscaled.length; i++) {
                    unscaled[i] = s.nets[i].unscaledValue().toByteArray();
                    if (unscaled[i].length > 0xFF) {
                        throw new SerializationException("net amount of line " + s.lineNos[i] + " too large to remember");
                    }
                    size += 4 + 8 + 8 + 1 + 4 + 1 + unscaled[i].length;
                }
                ByteBuffer out = ByteBuffer.allocate(size);
                out.put(FORMAT_2).putLong(s.version).putInt(s.lineNos.length);
                for (int i = 0; i < unscaled.length; i++) {
                    out.putInt(s.lineNos[i]).putLong(s.times[i]).putLong(s.hashes[i]).put(s.flags[i])
                            .putInt(s.nets[i].scale()).put((byte) unscaled[i].length).put(unscaled[i]);
                }
                return out.array();
            };
        }

        @Override
        public Deserializer<SeenLines> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try {
                    return data.length > 0 && data[0] == FORMAT_2 ? format2(data) : legacy(data);
                } catch (BufferUnderflowException | NegativeArraySizeException | NumberFormatException e) {
                    throw new SerializationException("not a de-duplication entry (" + data.length + " bytes)");
                }
            };
        }

        private static SeenLines format2(byte[] data) {
            ByteBuffer in = ByteBuffer.wrap(data);
            in.get();
            long version = in.getLong();
            int n = in.getInt();
            if (n < 0 || n > data.length) {
                throw new SerializationException("not a de-duplication entry (" + data.length + " bytes)");
            }
            int[] nos = new int[n];
            long[] at = new long[n];
            long[] hashes = new long[n];
            byte[] flags = new byte[n];
            BigDecimal[] nets = new BigDecimal[n];
            for (int i = 0; i < n; i++) {
                nos[i] = in.getInt();
                at[i] = in.getLong();
                hashes[i] = in.getLong();
                flags[i] = in.get();
                int scale = in.getInt();
                byte[] unscaled = new byte[in.get() & 0xFF];
                in.get(unscaled);
                nets[i] = new BigDecimal(new BigInteger(unscaled), scale);
            }
            if (in.hasRemaining()) {
                throw new SerializationException("not a de-duplication entry (" + data.length + " bytes)");
            }
            return new SeenLines(version, nos, at, hashes, flags, nets);
        }

        private static SeenLines legacy(byte[] data) {
            ByteBuffer in = ByteBuffer.wrap(data);
            int n = in.getInt();
            if (n < 0 || data.length != 4 + 12 * n) {
                throw new SerializationException("not a de-duplication entry (" + data.length + " bytes)");
            }
            int[] nos = new int[n];
            long[] at = new long[n];
            byte[] flags = new byte[n];
            BigDecimal[] nets = new BigDecimal[n];
            for (int i = 0; i < n; i++) {
                nos[i] = in.getInt();
                at[i] = in.getLong();
                flags[i] = LEGACY;
                nets[i] = BigDecimal.ZERO;
            }
            return new SeenLines(NO_VERSION, nos, at, new long[n], flags, nets);
        }
    }
}
