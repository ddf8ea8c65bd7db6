package org.p2sgate.core.reliable;

import org.p2sgate.core.wire.Opcode;

/**
 * A sent control message waiting for its ack. Only {@code message id || payload} is kept: the ack
 * block and wrapping are rebuilt on every transmission (wire doc 2.2, point 9).
 */
public final class InFlightPacket {
  final long id;
  final Opcode opcode;
  final byte[] payload;
  long dueAt;
  long timeoutMs;
  int fastRetransmitCount;

  InFlightPacket(long id, Opcode opcode, byte[] payload, long dueAt, long timeoutMs) {
    this.id = id;
    this.opcode = opcode;
    this.payload = payload;
    this.dueAt = dueAt;
    this.timeoutMs = timeoutMs;
  }

  public long id() {
    return id;
  }

  public Opcode opcode() {
    return opcode;
  }

  public byte[] payload() {
    return payload;
  }

  @Override
  public String toString() {
    return "InFlight[id=" + id + " " + opcode + " " + payload.length + "B due=" + dueAt + "]";
  }
}
