package br.com.etlvendas.extract.http;

import br.com.etlvendas.config.HttpSourceConfig.Pagination;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Where an API source stands: the page (number, from 1) or cursor to request next, and how many items of
 * that page were already published. Stored on the state topic as URL-style text: {@code page=3},
 * {@code page=3&seen=7}, {@code cursor=abc}, {@code cursor=abc&seen=2} ({@code cursor=} is the first request).
 * <p>
 * A page that is not full (page mode), or has no next cursor (cursor mode), is the end for now: the source
 * stays on it, remembering how many of its items it published, and asks for it again every poll interval,
 * publishing only the items appended since. This assumes the API lists items oldest first and only appends.
 *
 * @param page   the page number (page mode; 0 in cursor mode)
 * @param cursor the cursor (cursor mode; empty for the first request, null in page mode)
 * @param seen   items of this page already published
 */
record ApiPosition(long page, String cursor, int seen) {

    /** Where the position goes after a page, and whether the source is caught up (wait before the next request). */
    record Step(ApiPosition next, boolean caughtUp) {
    }

    static ApiPosition start(Pagination mode) {
        return mode == Pagination.PAGE ? new ApiPosition(1, null, 0) : new ApiPosition(0, "", 0);
    }

    /** Reads stored text; a position of the other pagination mode (the config changed) is refused. */
    static ApiPosition parse(Pagination mode, String text) {
        Map<String, String> parts = new HashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parts.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        int seen = Integer.parseInt(parts.getOrDefault("seen", "0"));
        if (mode == Pagination.PAGE && parts.containsKey("page")) {
            return new ApiPosition(Long.parseLong(parts.get("page")), null, seen);
        }
        if (mode == Pagination.CURSOR && parts.containsKey("cursor")) {
            return new ApiPosition(0, parts.get("cursor"), seen);
        }
        throw new IllegalArgumentException("stored position '" + text + "' is not a " + mode.name().toLowerCase()
                + " position; the source's pagination changed: reset its state to start over");
    }

    boolean cursorMode() {
        return cursor != null;
    }

    String text() {
        String base = cursorMode() ? "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : "page=" + page;
        return seen == 0 ? base : base + "&seen=" + seen;
    }

    /** How items of this page are named in origins, e.g. {@code page=3&item=2}. */
    String describe(int item) {
        return (cursorMode() ? "cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : "page=" + page) + "&item=" + item;
    }

    /**
     * The position after this page returned {@code items} items (and, in cursor mode, {@code nextCursor},
     * null or blank when there is none).
     */
    Step after(int items, int pageSize, String nextCursor) {
        int published = Math.max(seen, items);
        if (!cursorMode()) {
            return items >= pageSize ? new Step(new ApiPosition(page + 1, null, 0), false)
                    : new Step(new ApiPosition(page, null, published), true);
        }
        boolean hasNext = nextCursor != null && !nextCursor.isBlank() && !nextCursor.equals(cursor);
        if (!hasNext) {
            return new Step(new ApiPosition(0, cursor, published), true);
        }
        return new Step(new ApiPosition(0, nextCursor, 0), items == 0);
    }
}
