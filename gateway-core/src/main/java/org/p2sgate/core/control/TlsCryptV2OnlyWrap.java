package org.p2sgate.core.control;

/**
 * The shared wrap of a gateway that serves tls-crypt-v2 clients only: there is no shared key, so
 * nothing opens with it (each client's packets open with its own key) and nothing is sent with it.
 * Sized as tls-crypt, which every session then uses.
 */
public final class TlsCryptV2OnlyWrap implements ControlWrap {
  @Override
  public int wireOverhead() {
    return 8 + 32;
  }

  @Override
  public int budgetOverhead() {
    return 8 + 32 + 16;
  }

  @Override
  public boolean hasReplayId() {
    return true;
  }

  @Override
  public byte[] wrap(int firstByte, long sessionId, long replayPid, long replayTime, byte[] body) {
    throw new IllegalStateException("no shared control-channel key: tls-crypt-v2 clients only");
  }

  @Override
  public Unwrapped unwrap(byte[] packet, int off, int len) {
    return null;
  }
}
