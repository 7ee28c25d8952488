package br.com.etlvendas.cli;

import java.io.PrintWriter;

/** A one-line progress display, drawn only when the output is a terminal. */
final class ProgressBar {

    private final PrintWriter out;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;

    ProgressBar(PrintWriter out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    void show(String file, int index, int files, long rows) {
        long now = System.nanoTime();
        if (!terminal || now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        double seconds = Math.max(0.001, (now - started) / 1e9);
        int width = 30;
        int filled = (int) Math.round(width * (index - 1 + 0.5) / files);
        out.printf("\r[%s%s] file %d/%d %s  %,d rows  %,.0f rows/s   ", "#".repeat(filled), " ".repeat(width - filled),
                index, files, shorten(file), rows, rows / seconds);
        out.flush();
    }

    void done() {
        if (terminal) {
            out.print("\r" + " ".repeat(100) + "\r");
            out.flush();
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : "…" + s.substring(s.length() - 39);
    }
}
