package dev.jlite.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar, redrawn in place with a carriage return, at most ten times a second. Disabled, it
 * prints nothing, so callers need no conditions of their own.
 */
final class ProgressBar {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final int total;
    private long lastDraw;
    private int lastLength;

    ProgressBar(PrintWriter err, boolean enabled, String label, int total) {
        this.err = err;
        this.enabled = enabled && total > 0;
        this.label = label;
        this.total = total;
        this.lastDraw = System.nanoTime();
    }

    /**
     * Whether stderr is a terminal. The launcher, which can tell ({@code [ -t 2 ]}), says so with the
     * {@code jlite.stderr.tty} property; without it, a console (an interactive stdin and stdout) is the best
     * guess Java offers.
     */
    static boolean stderrIsTerminal() {
        String prop = System.getProperty("jlite.stderr.tty");
        if (prop != null) {
            return Boolean.parseBoolean(prop);
        }
        return System.console() != null;
    }

    /** Shows that {@code done} of the runs are finished, the last one taking {@code lastMs}. */
    void update(int done, double lastMs) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * done / total);
        String line = String.format("%s [%s%s] %d/%d  %.2f ms", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
                done, total, lastMs);
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /** Erases the bar, leaving the cursor at the start of an empty line. */
    void finish() {
        if (enabled && lastLength > 0) {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
            lastLength = 0;
        }
    }
}
