package org.p2sgate.core.reliable;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.TreeMap;
import org.p2sgate.core.wire.Opcode;

/**
 * The receiving half of the reliability layer for one key state (wire doc 2.3): buffers up to 12
 * messages, delivers them strictly in id order, and keeps the acks to send, repeating recently sent
 * ones (the reference's MRU list) to survive ack loss.
 */
public final class ReliableReceiver {
  /** {@code TLS_RELIABLE_N_REC_BUFFERS} in ssl_pkt.h. */
  public static final int TLS_RELIABLE_N_REC_BUFFERS = 12;

  /** {@code RELIABLE_ACK_SIZE} in reliable.h. */
  public static final int RELIABLE_ACK_SIZE = 8;

  /** {@code CONTROL_SEND_ACK_MAX} in ssl.h: acks piggybacked on a non-ACK packet. */
  public static final int CONTROL_SEND_ACK_MAX = 4;

  /**
   * Bytes of messages held out of order at most: 12 buffers of {@code TLS_CHANNEL_BUF_SIZE} (2048,
   * common.h), the reference's own receive capacity. The next message in order is always taken (it
   * is delivered at once), so a sender that waits for acks is never stuck; what a peer sends ahead
   * beyond this is dropped unacked and sent again later.
   */
  public static final int OUT_OF_ORDER_BUDGET = TLS_RELIABLE_N_REC_BUFFERS * 2048;

  /** What happened to a received message. */
  public enum Verdict {
    /** New, stored and to be acked. */
    STORED,
    /** Seen before: not stored, acked again. */
    DUPLICATE,
    /** Too far ahead, or no free buffer: dropped without an ack. */
    DROPPED
  }

  /** A message ready for the layer above, in order. */
  public record Delivered(long id, Opcode opcode, byte[] payload) {}

  private final TreeMap<Long, Delivered> buffered = new TreeMap<>();
  private final ArrayDeque<Long> pendingAcks = new ArrayDeque<>();
  private final ArrayDeque<Long> recentAcks = new ArrayDeque<>();
  private long nextExpected;
  private int bufferedBytes;

  /** Expects {@code id} next (after a stateless-cookie start, 1). */
  public void skipTo(long id) {
    nextExpected = id;
  }

  public long nextExpected() {
    return nextExpected;
  }

  public Verdict receive(long id, Opcode opcode, byte[] payload) {
    if (id < nextExpected || buffered.containsKey(id)) {
      queueAck(id);
      return Verdict.DUPLICATE;
    }
    if (id >= nextExpected + TLS_RELIABLE_N_REC_BUFFERS
        || buffered.size() >= TLS_RELIABLE_N_REC_BUFFERS) {
      return Verdict.DROPPED;
    }
    if (pendingAcks.size() >= RELIABLE_ACK_SIZE && !pendingAcks.contains(id)) {
      return Verdict.DROPPED; // the reference only queues what it can ack; the peer resends
    }
    if (id != nextExpected && bufferedBytes + payload.length > OUT_OF_ORDER_BUDGET) {
      return Verdict.DROPPED;
    }
    bufferedBytes += payload.length;
    buffered.put(id, new Delivered(id, opcode, payload));
    queueAck(id);
    return Verdict.STORED;
  }

  private void queueAck(long id) {
    if (!pendingAcks.contains(id) && pendingAcks.size() < RELIABLE_ACK_SIZE) {
      pendingAcks.addLast(id);
    }
  }

  /** The next message in order, or {@code null}. */
  public Delivered poll() {
    Delivered d = buffered.remove(nextExpected);
    if (d != null) {
      nextExpected++;
      bufferedBytes -= d.payload().length;
    }
    return d;
  }

  /** Bytes of the messages held, not yet delivered. */
  public int bufferedBytes() {
    return bufferedBytes;
  }

  public boolean hasPendingAcks() {
    return !pendingAcks.isEmpty();
  }

  /**
   * Takes up to {@code max} acks for an outgoing packet: pending ones first, then recently sent
   * ones again while there is room and something is pending. Returns an empty array when nothing is
   * pending.
   */
  public long[] takeAcks(int max) {
    if (pendingAcks.isEmpty()) {
      return new long[0];
    }
    long[] out = new long[Math.min(max, pendingAcks.size() + recentAcks.size())];
    int n = 0;
    while (n < out.length && !pendingAcks.isEmpty()) {
      long id = pendingAcks.removeFirst();
      out[n++] = id;
      recentAcks.remove(id);
      recentAcks.addFirst(id);
    }
    Iterator<Long> it = recentAcks.iterator();
    while (n < out.length && it.hasNext()) {
      long id = it.next();
      if (!contains(out, n, id)) {
        out[n++] = id;
      }
    }
    while (recentAcks.size() > RELIABLE_ACK_SIZE) {
      recentAcks.removeLast();
    }
    return n == out.length ? out : java.util.Arrays.copyOf(out, n);
  }

  private static boolean contains(long[] a, int n, long v) {
    for (int i = 0; i < n; i++) {
      if (a[i] == v) {
        return true;
      }
    }
    return false;
  }
}
