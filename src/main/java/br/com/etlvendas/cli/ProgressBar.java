package br.com.etlvendas.cli;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * A one-line progress display, drawn only when the output is a terminal: files being read, then the warehouse
 * catching up with them.
 */
final class ProgressBar {

    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastDraw;
    private int drawn;
    private long loadingStarted;
    private long loadingFrom = -1;

    ProgressBar(PrintWriter out) {
        this(out, System.console() != null, System::nanoTime);
    }

    ProgressBar(PrintWriter out, boolean terminal, LongSupplier nanoTime) {
        this.out = out;
        this.terminal = terminal;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
        this.lastDraw = started - REDRAW_NANOS;
    }

    void show(String file, int index, int files, long rows) {
        long now = nanoTime.getAsLong();
        if (!due(now)) {
            return;
        }
        double seconds = Math.max(0.001, (now - started) / 1e9);
        draw(String.format("%s file %d/%d %s  %,d rows  %,.0f rows/s", bar((index - 1 + 0.5) / files), index, files,
                shorten(file), rows, rows / seconds));
    }

    /** The wait after reading: lines accounted for (loaded, rejected or dropped as duplicates) out of those read. */
    void showLoading(long accounted, long expected) {
        long now = nanoTime.getAsLong();
        if (loadingFrom < 0) {
            loadingFrom = accounted;
            loadingStarted = now;
        }
        if (!due(now)) {
            return;
        }
        double seconds = Math.max(0.001, (now - loadingStarted) / 1e9);
        draw(String.format("%s loading: %,d / %,d lines accounted for, %,.0f lines/s",
                bar(expected == 0 ? 1 : (double) accounted / expected), accounted, expected,
                Math.max(0, accounted - loadingFrom) / seconds));
    }

    void done() {
        if (terminal && drawn > 0) {
            out.print("\r" + " ".repeat(drawn) + "\r");
            out.flush();
            drawn = 0;
        }
    }

    /** Overwrites the line drawn before, blanking what the new one does not cover. */
    private void draw(String line) {
        out.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        out.flush();
        drawn = Math.max(drawn, line.length());
    }

    private boolean due(long now) {
        if (!terminal || now - lastDraw < REDRAW_NANOS) {
            return false;
        }
        lastDraw = now;
        return true;
    }

    private static String bar(double fraction) {
        int filled = (int) Math.round(WIDTH * Math.min(1, Math.max(0, fraction)));
        return "[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "]";
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : "…" + s.substring(s.length() - 39);
    }
}
