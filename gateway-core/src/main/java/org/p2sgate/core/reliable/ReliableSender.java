package org.p2sgate.core.reliable;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.p2sgate.core.wire.Opcode;

/**
 * The sending half of OpenVPN's control-channel reliability layer for one key state (wire doc 2.2):
 * a window of 6 unacked messages, retransmission with exponential backoff from 2 s, and fast
 * retransmit after 3 acks for later ids. Pure: time is passed in as milliseconds.
 */
public final class ReliableSender {
  /** {@code TLS_RELIABLE_N_SEND_BUFFERS} in ssl_pkt.h. */
  public static final int TLS_RELIABLE_N_SEND_BUFFERS = 6;

  /** {@code N_ACK_RETRANSMIT} in reliable.h. */
  public static final int N_ACK_RETRANSMIT = 3;

  /** Initial retransmit timeout, {@code --tls-timeout} default 2 s. */
  public static final long INITIAL_TIMEOUT_MS = 2000;

  /** Backoff cap, so a long outage does not leave a message unsent for minutes. */
  static final long MAX_TIMEOUT_MS = 16_000;

  private final TreeMap<Long, InFlightPacket> inFlight = new TreeMap<>();
  private long nextId;

  /** Whether a new message fits in the send window. */
  public boolean canSend() {
    return inFlight.isEmpty() || nextId - inFlight.firstKey() < TLS_RELIABLE_N_SEND_BUFFERS;
  }

  /** The id the next message will get. */
  public long nextId() {
    return nextId;
  }

  /**
   * Counts ids below {@code id} as sent and acknowledged (stateless-cookie start, wire doc 4.2).
   */
  public void skipTo(long id) {
    if (!inFlight.isEmpty()) {
      throw new IllegalStateException("skipTo with messages in flight");
    }
    nextId = id;
  }

  /**
   * Queues a message; it is due at once.
   *
   * @return its message id
   * @throws IllegalStateException if the window is full (check {@link #canSend()})
   */
  public long add(Opcode opcode, byte[] payload, long nowMs) {
    if (!canSend()) {
      throw new IllegalStateException("send window full");
    }
    long id = nextId++;
    inFlight.put(id, new InFlightPacket(id, opcode, payload, nowMs, INITIAL_TIMEOUT_MS));
    return id;
  }

  /**
   * Applies one ack. Every ack of an id counts towards fast retransmit of the lower ids still in
   * flight, repeated acks included, as the reference's {@code reliable_send_purge} does.
   *
   * @return whether it acknowledged a message in flight
   */
  public boolean onAck(long id, long nowMs) {
    InFlightPacket acked = inFlight.remove(id);
    for (InFlightPacket p : inFlight.headMap(id).values()) {
      if (++p.fastRetransmitCount >= N_ACK_RETRANSMIT) {
        p.fastRetransmitCount = 0;
        p.dueAt = nowMs;
      }
    }
    return acked != null;
  }

  /**
   * Messages due for (re)transmission now, lowest id first; each is rescheduled with a doubled
   * timeout.
   */
  public List<InFlightPacket> collectDue(long nowMs) {
    List<InFlightPacket> due = new ArrayList<>();
    for (InFlightPacket p : inFlight.values()) {
      if (p.dueAt <= nowMs) {
        due.add(p);
        p.dueAt = nowMs + p.timeoutMs;
        p.timeoutMs = Math.min(p.timeoutMs * 2, MAX_TIMEOUT_MS);
      }
    }
    return due;
  }

  /** Makes everything unacked due now (the reference's burst when a new session is seen). */
  public void retransmitAllNow(long nowMs) {
    for (InFlightPacket p : inFlight.values()) {
      p.dueAt = nowMs;
    }
  }

  /** The earliest retransmission time, or {@link Long#MAX_VALUE} if nothing is in flight. */
  public long nextDeadline() {
    long min = Long.MAX_VALUE;
    for (InFlightPacket p : inFlight.values()) {
      min = Math.min(min, p.dueAt);
    }
    return min;
  }

  public boolean isIdle() {
    return inFlight.isEmpty();
  }

  public boolean isAcked(long id) {
    return id < nextId && !inFlight.containsKey(id);
  }

  public int inFlightCount() {
    return inFlight.size();
  }
}
