package org.p2sgate.core.control;

import java.nio.ByteBuffer;

/** No wrapping (wire doc 3.2): {@code op || sid || body}, no authentication before TLS. */
public final class PlainWrap implements ControlWrap {
  @Override
  public int wireOverhead() {
    return 0;
  }

  @Override
  public boolean hasReplayId() {
    return false;
  }

  @Override
  public byte[] wrap(int firstByte, long sessionId, long replayPid, long replayTime, byte[] body) {
    ByteBuffer bb = ByteBuffer.allocate(HEADER + body.length);
    bb.put((byte) firstByte).putLong(sessionId).put(body);
    return bb.array();
  }

  @Override
  public Unwrapped unwrap(byte[] packet, int off, int len) {
    if (len < HEADER + 1) {
      return null;
    }
    ByteBuffer bb = ByteBuffer.wrap(packet, off, len);
    int first = bb.get() & 0xff;
    long sid = bb.getLong();
    byte[] body = new byte[len - HEADER];
    bb.get(body);
    return new Unwrapped(first, sid, 0, 0, body);
  }
}
