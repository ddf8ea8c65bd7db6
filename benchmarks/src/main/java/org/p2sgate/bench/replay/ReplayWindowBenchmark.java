package org.p2sgate.bench.replay;

import java.util.Random;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.p2sgate.bench.AbstractBenchmark;
import org.p2sgate.core.crypto.ReplayWindow;

/**
 * Cost of one replay-window decision: in-order ids, ids shuffled within blocks of 32 (reordering
 * that stays inside the window), and a replayed id that is refused. Time advances 1 ms per packet
 * so the expiry bookkeeping runs too.
 */
@State(Scope.Thread)
public class ReplayWindowBenchmark extends AbstractBenchmark {
  private static final int PATTERN = 1 << 16;

  @Param({"64", "65536"})
  public int seqBacktrack;

  private ReplayWindow inOrder;
  private ReplayWindow reordered;
  private ReplayWindow primed;
  private final int[] shuffle = new int[PATTERN];
  private long next;
  private long base;
  private int index;
  private long now;

  @Setup
  public void setUp() {
    inOrder = new ReplayWindow(seqBacktrack, ReplayWindow.DEFAULT_TIME_BACKTRACK);
    reordered = new ReplayWindow(seqBacktrack, ReplayWindow.DEFAULT_TIME_BACKTRACK);
    primed = new ReplayWindow(seqBacktrack, ReplayWindow.DEFAULT_TIME_BACKTRACK);
    for (long id = 1; id <= 100; id++) {
      primed.checkAndUpdate(id, 0, 0);
    }
    Random rnd = new Random(7);
    for (int i = 0; i < PATTERN; i++) {
      shuffle[i] = i;
    }
    for (int start = 0; start < PATTERN; start += 32) {
      for (int i = start + 31; i > start; i--) {
        int j = start + rnd.nextInt(i - start + 1);
        int t = shuffle[i];
        shuffle[i] = shuffle[j];
        shuffle[j] = t;
      }
    }
    next = 1;
    base = 1;
    index = 0;
    now = 0;
  }

  @Benchmark
  public boolean inOrder() {
    return inOrder.checkAndUpdate(next++, 0, now++);
  }

  @Benchmark
  public boolean reorderedWithinWindow() {
    long id = base + shuffle[index];
    if (++index == PATTERN) {
      index = 0;
      base += PATTERN;
    }
    return reordered.checkAndUpdate(id, 0, now++);
  }

  @Benchmark
  public boolean replayRefused() {
    return primed.check(50, 0, 0); // seen, inside the window: the bitmap says no
  }
}
