package br.com.etlvendas.transform;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * How many counted lines one sale has in each category, and its {@code sold_at}: what tells
 * {@link KpiWindowAggregator} whether a line is its order's first in a category (the order then counts once
 * more in that category's windows) or a line taken away is its last there (once less), however the lines of
 * an order arrive. Immutable; a sale has a handful of categories, so two parallel arrays.
 */
record OrderCategories(long soldAtMillis, String[] categories, int[] lineCounts) {

    static OrderCategories none(long soldAtMillis) {
        return new OrderCategories(soldAtMillis, new String[0], new int[0]);
    }

    int count(String category) {
        for (int i = 0; i < categories.length; i++) {
            if (categories[i].equals(category)) {
                return lineCounts[i];
            }
        }
        return 0;
    }

    /** These counts with {@code delta} lines more in {@code category}; categories left with none are dropped. */
    OrderCategories plus(String category, int delta, long soldAt) {
        for (int i = 0; i < categories.length; i++) {
            if (categories[i].equals(category)) {
                int n = lineCounts[i] + delta;
                if (n > 0) {
                    int[] counts = lineCounts.clone();
                    counts[i] = n;
                    return new OrderCategories(soldAt, categories, counts);
                }
                String[] cats = new String[categories.length - 1];
                int[] counts = new int[cats.length];
                for (int j = 0, k = 0; j < categories.length; j++) {
                    if (j != i) {
                        cats[k] = categories[j];
                        counts[k++] = lineCounts[j];
                    }
                }
                return new OrderCategories(soldAt, cats, counts);
            }
        }
        if (delta <= 0) {
            return new OrderCategories(soldAt, categories, lineCounts);
        }
        String[] cats = Arrays.copyOf(categories, categories.length + 1);
        int[] counts = Arrays.copyOf(lineCounts, cats.length);
        cats[cats.length - 1] = category;
        counts[cats.length - 1] = delta;
        return new OrderCategories(soldAt, cats, counts);
    }

    boolean isEmpty() {
        return categories.length == 0;
    }

    /** The store's binary form: {@code [soldAt][n]([category][count])…}. */
    static final class StoreSerde implements Serde<OrderCategories> {

        @Override
        public Serializer<OrderCategories> serializer() {
            return (topic, o) -> {
                if (o == null) {
                    return null;
                }
                byte[][] names = new byte[o.categories.length][];
                int size = 8 + 4;
                for (int i = 0; i < names.length; i++) {
                    names[i] = o.categories[i].getBytes(StandardCharsets.UTF_8);
                    size += 2 + names[i].length + 4;
                }
                ByteBuffer out = ByteBuffer.allocate(size).putLong(o.soldAtMillis).putInt(names.length);
                for (int i = 0; i < names.length; i++) {
                    out.putShort((short) names[i].length).put(names[i]).putInt(o.lineCounts[i]);
                }
                return out.array();
            };
        }

        @Override
        public Deserializer<OrderCategories> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                try {
                    ByteBuffer in = ByteBuffer.wrap(data);
                    long soldAt = in.getLong();
                    int n = in.getInt();
                    String[] cats = new String[n];
                    int[] counts = new int[n];
                    for (int i = 0; i < n; i++) {
                        byte[] name = new byte[Short.toUnsignedInt(in.getShort())];
                        in.get(name);
                        cats[i] = new String(name, StandardCharsets.UTF_8);
                        counts[i] = in.getInt();
                    }
                    return new OrderCategories(soldAt, cats, counts);
                } catch (RuntimeException e) {
                    throw new SerializationException("not an order's categories (" + data.length + " bytes)", e);
                }
            };
        }
    }
}
