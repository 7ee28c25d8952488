package br.com.etlvendas.transform;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The lines of one sale the de-duplication has seen, each with the record time it was first seen at: what
 * {@link DedupeProcessor} keeps per sale id. Immutable; small (a sale has a handful of lines), so it is
 * held as two parallel arrays and stored as {@code [count][lineNo, time]…} in 12 bytes a line.
 */
record SeenLines(int[] lineNos, long[] times) {

    static final SeenLines NONE = new SeenLines(new int[0], new long[0]);

    /** The time line {@code lineNo} was seen at, or {@code Long.MIN_VALUE} if it was not. */
    long seenAt(int lineNo) {
        for (int i = 0; i < lineNos.length; i++) {
            if (lineNos[i] == lineNo) {
                return times[i];
            }
        }
        return Long.MIN_VALUE;
    }

    /** Whether line {@code lineNo} was seen within {@code retentionMs} of {@code ts}, before or after it. */
    boolean seenWithin(int lineNo, long ts, long retentionMs) {
        long at = seenAt(lineNo);
        return at != Long.MIN_VALUE && Math.abs(ts - at) <= retentionMs;
    }

    /** Whether any line was seen within {@code retentionMs} of {@code ts}, before or after it. */
    boolean anyWithin(long ts, long retentionMs) {
        for (long t : times) {
            if (Math.abs(ts - t) <= retentionMs) {
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

    /**
     * These lines with {@code added} seen at {@code ts}, dropping the ones older than {@code retentionMs}
     * before {@code ts} (a line seen again after its retention is replaced by its new sighting).
     */
    SeenLines with(int[] added, long ts, long retentionMs) {
        int[] nos = new int[lineNos.length + added.length];
        long[] at = new long[nos.length];
        int n = 0;
        for (int i = 0; i < lineNos.length; i++) {
            if (ts - times[i] <= retentionMs && !contains(added, lineNos[i])) {
                nos[n] = lineNos[i];
                at[n++] = times[i];
            }
        }
        for (int lineNo : added) {
            nos[n] = lineNo;
            at[n++] = ts;
        }
        return new SeenLines(Arrays.copyOf(nos, n), Arrays.copyOf(at, n));
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    /** The store's binary form. */
    static final class StoreSerde implements Serde<SeenLines> {

        @Override
        public Serializer<SeenLines> serializer() {
            return (topic, s) -> {
                if (s == null) {
                    return null;
                }
                ByteBuffer out = ByteBuffer.allocate(4 + 12 * s.lineNos.length);
                out.putInt(s.lineNos.length);
                for (int i = 0; i < s.lineNos.length; i++) {
                    out.putInt(s.lineNos[i]).putLong(s.times[i]);
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
                ByteBuffer in = ByteBuffer.wrap(data);
                int n = in.getInt();
                if (n < 0 || data.length != 4 + 12 * n) {
                    throw new SerializationException("not a de-duplication entry (" + data.length + " bytes)");
                }
                int[] nos = new int[n];
                long[] at = new long[n];
                for (int i = 0; i < n; i++) {
                    nos[i] = in.getInt();
                    at[i] = in.getLong();
                }
                return new SeenLines(nos, at);
            };
        }
    }
}
