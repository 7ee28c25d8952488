package br.com.etlvendas.serve;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which warehouse lines a query covers: sold from {@code from} (inclusive) to {@code to} (exclusive), and of the
 * given store, state, channel and source. Turns itself into a parameterised {@code WHERE} clause: values are
 * always bound, never written into the SQL.
 */
record WarehouseFilter(Optional<Instant> from, Optional<Instant> to, Optional<String> store, Optional<String> state,
                       Optional<String> channel, Optional<String> source) {

    static WarehouseFilter all() {
        return new WarehouseFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The same filter over another time range (the dashboard's "today" keeps the other filters). */
    WarehouseFilter during(Instant start, Instant end) {
        return new WarehouseFilter(Optional.of(start), Optional.of(end), store, state, channel, source);
    }

    /** The filters given, by their parameter names, for echoing in answers. */
    Map<String, String> asParameters() {
        Map<String, String> m = new LinkedHashMap<>();
        from.ifPresent(v -> m.put("from", v.toString()));
        to.ifPresent(v -> m.put("to", v.toString()));
        store.ifPresent(v -> m.put("store", v));
        state.ifPresent(v -> m.put("state", v));
        channel.ifPresent(v -> m.put("channel", v));
        source.ifPresent(v -> m.put("source", v));
        return m;
    }

    /** A {@code WHERE} clause (or an empty string) and the values to bind to it, in order. */
    Where where() {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        from.ifPresent(v -> { conditions.add("sold_at >= ?"); values.add(OffsetDateTime.ofInstant(v, ZoneOffset.UTC)); });
        to.ifPresent(v -> { conditions.add("sold_at < ?"); values.add(OffsetDateTime.ofInstant(v, ZoneOffset.UTC)); });
        store.ifPresent(v -> { conditions.add("store_id = ?"); values.add(v); });
        state.ifPresent(v -> { conditions.add("store_state = ?"); values.add(v); });
        channel.ifPresent(v -> { conditions.add("channel = ?"); values.add(v); });
        source.ifPresent(v -> { conditions.add("source = ?"); values.add(v); });
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), List.copyOf(values));
    }

    record Where(String sql, List<Object> values) {
        /** Binds the values from parameter {@code first} on; returns the next free parameter index. */
        int bind(PreparedStatement ps, int first) throws SQLException {
            int i = first;
            for (Object v : values) {
                ps.setObject(i++, v);
            }
            return i;
        }
    }
}
