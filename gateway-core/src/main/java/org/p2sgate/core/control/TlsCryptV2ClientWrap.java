package org.p2sgate.core.control;

import org.p2sgate.core.wire.Opcode;

/**
 * A tls-crypt-v2 client's wrap (the gateway's start-up warm-up and tests play the client):
 * tls-crypt under the client's view of {@code Kc}, with the WKc appended to {@code
 * P_CONTROL_HARD_RESET_CLIENT_V3} and {@code P_CONTROL_WKC_V1} packets (ssl_pkt.c {@code
 * tls_wrap_control}).
 */
public final class TlsCryptV2ClientWrap implements ControlWrap {
  private final TlsCryptWrap kc;
  private final byte[] wkc;

  public TlsCryptV2ClientWrap(TlsCryptV2ClientKey key) {
    StaticKey server = key.serverView();
    StaticKey client = ControlWraps.swapHalves(server);
    this.kc = new TlsCryptWrap(client);
    server.erase();
    client.erase();
    this.wkc = key.wrapped();
  }

  @Override
  public int wireOverhead() {
    return kc.wireOverhead();
  }

  @Override
  public int budgetOverhead() {
    return kc.budgetOverhead();
  }

  @Override
  public boolean hasReplayId() {
    return true;
  }

  @Override
  public byte[] wrap(int firstByte, long sessionId, long replayPid, long replayTime, byte[] body) {
    byte[] packet = kc.wrap(firstByte, sessionId, replayPid, replayTime, body);
    Opcode op = Opcode.ofFirstByte(firstByte);
    if (op != Opcode.CONTROL_HARD_RESET_CLIENT_V3 && op != Opcode.CONTROL_WKC_V1) {
      return packet;
    }
    byte[] out = new byte[packet.length + wkc.length];
    System.arraycopy(packet, 0, out, 0, packet.length);
    System.arraycopy(wkc, 0, out, packet.length, wkc.length);
    return out;
  }

  @Override
  public Unwrapped unwrap(byte[] packet, int off, int len) {
    return kc.unwrap(packet, off, len);
  }

  @Override
  public void destroy() {
    kc.destroy();
  }
}
