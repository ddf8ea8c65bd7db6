package org.p2sgate.core.wire;

import java.nio.ByteBuffer;

/**
 * Encodes and decodes the part of a control packet that every wrapping mode shares: {@code ack
 * block || [message id] || payload} (wire doc 1.3). The header (opcode, session id) and the
 * wrap-specific fields are the {@code control} package's business.
 */
public final class ControlBodyCodec {
  private ControlBodyCodec() {}

  /** Writes the body of {@code p} into {@code out} at its position. */
  public static void encodeBody(ControlPacket p, ByteBuffer out) {
    long[] acks = p.acks();
    out.put((byte) acks.length);
    for (long a : acks) {
      out.putInt((int) a);
    }
    if (acks.length > 0) {
      out.putLong(p.remoteSessionId());
    }
    if (p.messageId() >= 0) {
      out.putInt((int) p.messageId());
    }
    out.put(p.payload());
  }

  /** The body of {@code p} as a new array. */
  public static byte[] encodeBody(ControlPacket p) {
    ByteBuffer bb = ByteBuffer.allocate(p.bodyLength());
    encodeBody(p, bb);
    return bb.array();
  }

  /**
   * Parses a body. Total: every length is checked before it is read.
   *
   * @throws WireFormatException if the body is truncated or has more than 8 acks
   */
  public static ControlPacket decodeBody(
      Opcode opcode, int keyId, long sessionId, byte[] buf, int off, int len)
      throws WireFormatException {
    if (len < 1) {
      throw new WireFormatException("control packet without ack block");
    }
    int end = off + len;
    int p = off;
    int n = buf[p++] & 0xff;
    if (n > ControlPacket.MAX_ACKS) {
      throw new WireFormatException("ack block with " + n + " acks");
    }
    long[] acks = new long[n];
    long remoteSid = 0;
    if (n > 0) {
      if (end - p < n * 4 + 8) {
        throw new WireFormatException("truncated ack block");
      }
      ByteBuffer bb = ByteBuffer.wrap(buf, p, n * 4 + 8);
      for (int i = 0; i < n; i++) {
        acks[i] = bb.getInt() & 0xffffffffL;
      }
      remoteSid = bb.getLong();
      p += n * 4 + 8;
    }
    long messageId = -1;
    if (opcode.hasMessageId()) {
      if (end - p < 4) {
        throw new WireFormatException("truncated message id");
      }
      messageId = ByteBuffer.wrap(buf, p, 4).getInt() & 0xffffffffL;
      p += 4;
    }
    byte[] payload = new byte[end - p];
    System.arraycopy(buf, p, payload, 0, payload.length);
    if (opcode == Opcode.ACK_V1 && n == 0) {
      throw new WireFormatException("ACK_V1 without acks");
    }
    return new ControlPacket(opcode, keyId, sessionId, acks, remoteSid, messageId, payload);
  }
}
