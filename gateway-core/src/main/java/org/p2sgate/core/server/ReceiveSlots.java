package org.p2sgate.core.server;

/**
 * Receive buffers reused from read to read instead of a new array per packet: {@link #take} hands
 * out the next of a fixed number of slots, each grown on demand to hold the packet and the AEAD tag
 * room behind it. The session core keeps no reference to a buffer past its call, but the outbox's
 * TUN batch does until it flushes: so when every slot has been handed out, {@code flush} runs
 * before the first is handed out again, and the owner calls {@link #flushed} after each of its own
 * flushes. One thread (the event loop) only.
 */
final class ReceiveSlots {
  private final byte[][] slots;
  private final int minSize;
  private final Runnable flush;
  private int next;

  /**
   * @param count slots, the packets between two flushes at most
   * @param minSize the smallest buffer made (a packet's length plus tag room may ask for more)
   * @param flush lets go of every slot handed out (flushes the outbox)
   */
  ReceiveSlots(int count, int minSize, Runnable flush) {
    this.slots = new byte[count][];
    this.minSize = minSize;
    this.flush = flush;
  }

  /** A buffer for {@code len} bytes with {@code AeadLayout.TAILROOM} behind them. */
  byte[] take(int len) {
    if (next == slots.length) {
      flush.run();
      next = 0;
    }
    int need = len + org.p2sgate.core.crypto.AeadLayout.TAILROOM;
    byte[] b = slots[next];
    if (b == null || b.length < need) {
      b = slots[next] = new byte[Math.max(need, minSize)];
    }
    next++;
    return b;
  }

  /** The owner flushed: every slot is free again. */
  void flushed() {
    next = 0;
  }
}
