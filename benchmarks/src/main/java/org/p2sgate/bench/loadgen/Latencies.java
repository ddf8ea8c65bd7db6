package org.p2sgate.bench.loadgen;

import java.util.Arrays;

/** Handshake times in milliseconds, with percentiles (nearest rank). */
final class Latencies {
  private long[] values = new long[64];
  private int n;

  void add(long ms) {
    if (n == values.length) {
      values = Arrays.copyOf(values, n * 2);
    }
    values[n++] = ms;
  }

  int count() {
    return n;
  }

  /** The {@code p}-th percentile (0 < p <= 100), or 0 with no values. */
  long percentile(double p) {
    if (n == 0) {
      return 0;
    }
    long[] s = Arrays.copyOf(values, n);
    Arrays.sort(s);
    int rank = (int) Math.ceil(p / 100.0 * n);
    return s[Math.max(0, Math.min(n - 1, rank - 1))];
  }
}
