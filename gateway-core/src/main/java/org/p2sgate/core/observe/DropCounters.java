package org.p2sgate.core.observe;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts drops by reason. Thread safe; cheap on the hot path. */
public final class DropCounters {
  private final LongAdder[] counters = new LongAdder[DropReason.values().length];

  public DropCounters() {
    for (int i = 0; i < counters.length; i++) {
      counters[i] = new LongAdder();
    }
  }

  public void count(DropReason reason) {
    counters[reason.ordinal()].increment();
  }

  public long get(DropReason reason) {
    return counters[reason.ordinal()].sum();
  }

  /** Non-zero counters. */
  public Map<DropReason, Long> snapshot() {
    Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      long v = get(r);
      if (v > 0) {
        m.put(r, v);
      }
    }
    return m;
  }
}
