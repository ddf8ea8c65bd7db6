package org.p2sgate.bench.loadgen;

import java.io.PrintStream;
import java.util.Locale;

/** A progress line on stderr, rewritten in place at most every {@link #INTERVAL_MS}. */
final class Progress {
  static final long INTERVAL_MS = 500;

  private final PrintStream out;
  private final String label;
  private long lastMs = Long.MIN_VALUE / 2;

  Progress(PrintStream out, String label) {
    this.out = out;
    this.label = label;
  }

  /** Shows {@code text} if the interval has passed since the last line. */
  void show(long nowMs, String format, Object... args) {
    if (nowMs - lastMs >= INTERVAL_MS) {
      lastMs = nowMs;
      out.print("\r[loadgen " + label + "] " + String.format(Locale.ROOT, format, args) + "   ");
      out.flush();
    }
  }

  /** Ends the line. */
  void done() {
    out.println();
  }
}
