package org.p2sgate.core.session;

import org.p2sgate.core.crypto.OpenFailure;
import org.p2sgate.core.keyexchange.Negotiated;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.routing.MssClamp;
import org.p2sgate.core.wire.Opcode;

/**
 * A session's data channel (wire doc 7, 8, 9.1): opens P_DATA packets in place and hands the IP
 * packet to the TUN side; seals IP packets from the TUN side in place and sends them. Checks the
 * inner source address and the destination against the session's access grant, removes compression
 * framing, answers nothing to pings but counts them as life. Never throws on peer input.
 */
final class DataPath {
  /** Bytes before the plaintext of a P_DATA_V2 AEAD packet: header 8 + tag 16. */
  static final int V2_OVERHEAD = 24;

  /** P_DATA_V1: opcode 1 + packet id 4 + tag 16. */
  static final int V1_OVERHEAD = 21;

  /** Headroom an IP packet needs in its buffer for {@link #sendIp}: overhead + framing byte. */
  static final int HEADROOM = V2_OVERHEAD + 1;

  /** Tailroom for the AEAD tag the JCE appends before it is moved to the header. */
  static final int TAILROOM = org.p2sgate.core.crypto.AeadLayout.TAILROOM;

  private final ClientSession s;
  private int maxMss = -1;

  /** Tunnelled bytes (IP packets) from and to the client, for accounting. */
  long bytesIn;

  long bytesOut;

  long packetsIn;
  long packetsOut;

  DataPath(ClientSession session) {
    this.s = session;
  }

  /**
   * A P_DATA_V1/V2 packet from this session's peer at {@code buf[off, off+len)}.
   *
   * @return whether the packet authenticated (even if it was then dropped for its content)
   */
  boolean onData(Opcode op, byte[] buf, int off, int len, long now, Outbox out) {
    if (!s.isAdmitted()) {
      // login pending or refused: as the reference until KS_AUTH_TRUE, nothing gets through
      s.ctx.drops().count(DropReason.DATA_NOT_ADMITTED);
      return false;
    }
    int keyId = Opcode.keyIdOf(buf[off]);
    KeyState ks = receiveKey(keyId);
    if (ks == null || s.negotiated == null) {
      s.ctx.drops().count(DropReason.DATA_KEY_NOT_READY);
      return false;
    }
    boolean v2 = op == Opcode.DATA_V2;
    int n = v2 ? ks.opener.openV2(buf, off, len, now) : ks.opener.openV1(buf, off, len, now);
    if (n < 0) {
      s.ctx.drops().count(dropFor(n));
      return false;
    }
    s.lastRxMs = now;
    ks.peerSentData = true;
    int p = off + (v2 ? V2_OVERHEAD : V1_OVERHEAD);
    switch (s.negotiated.compression()) {
      case LZO_NO -> {
        if (buf[p] != (byte) 0xFA) {
          s.ctx.drops().count(DropReason.COMPRESSION_FRAMING);
          return true;
        }
        p++;
        n--;
      }
      case STUB_V2 -> {
        if (n >= 2 && buf[p] == 0x50 && (buf[p + 1] == 0x00 || buf[p + 1] == 0x0A)) {
          p += 2;
          n -= 2;
        }
      }
      case NONE -> {}
    }
    if (DataMagic.isPing(buf, p, n)) {
      return true;
    }
    if (DataMagic.isOcc(buf, p, n)) {
      if ((buf[p + DataMagic.OCC.length] & 0xff) == DataMagic.OCC_EXIT) {
        s.scheduleClose(CloseCause.CLIENT_EXIT, "client sent OCC EXIT (explicit-exit-notify)", now);
      }
      return true;
    }
    if (n >= 1 && (buf[p] & 0xf0) == 0x60) {
      fromClient6(buf, p, n, now, out);
      return true;
    }
    if (n < 20 || (buf[p] & 0xf0) != 0x40) {
      s.ctx.drops().count(DropReason.NOT_IPV4);
      return true;
    }
    if (readInt(buf, p + 12) != s.tunnelAddressInt) {
      s.ctx.drops().count(DropReason.SPOOFED_SOURCE);
      return true;
    }
    if (!s.login().access().allow().permits(buf, p, n)) {
      s.ctx.drops().count(DropReason.ACCESS_DENIED);
      return true;
    }
    int dst = readInt(buf, p + 16);
    if (s.ctx.config().clientToClient() && s.ctx.pool().contains(dst)) {
      ClientSession target = s.host.byTunnelAddress(dst);
      if (target != null) {
        toClient(target, buf, p, n, now, out);
        return true;
      }
    }
    MssClamp.clamp(buf, p, n, maxMss());
    toTun(buf, p, n, out);
    return true;
  }

  /**
   * An IPv6 packet from the client at {@code buf[p, p+n)}: its source must be the client's IPv6
   * tunnel address (link-scope sources, the client TUN's own chatter, are counted apart). Access
   * groups' rules are IPv4 rules: a client under any rule gets no IPv6 through. No MSS clamp (the
   * client clamps its IPv6 TCP itself).
   */
  private void fromClient6(byte[] buf, int p, int n, long now, Outbox out) {
    byte[] mine = s.tunnelAddress6Bytes;
    if (mine == null) {
      s.ctx.drops().count(DropReason.IPV6_NOT_CONFIGURED);
      return;
    }
    if (n < 40 || 40 + ((buf[p + 4] & 0xff) << 8 | (buf[p + 5] & 0xff)) > n) {
      s.ctx.drops().count(DropReason.IPV6_MALFORMED);
      return;
    }
    if (!java.util.Arrays.equals(buf, p + 8, p + 24, mine, 0, 16)) {
      s.ctx
          .drops()
          .count(linkScope(buf, p + 8) ? DropReason.IPV6_LINK_SCOPE : DropReason.SPOOFED_SOURCE);
      return;
    }
    if (!s.login().access().allow().allowsAll()) {
      s.ctx.drops().count(DropReason.ACCESS_DENIED);
      return;
    }
    if (s.ctx.config().clientToClient()) {
      ClientSession target = s.host.byTunnelAddress6(buf, p + 24);
      if (target != null) {
        toClient(target, buf, p, n, now, out);
        return;
      }
    }
    toTun(buf, p, n, out);
  }

  /** fe80::/10 or :: at {@code b[off, off+16)}. */
  static boolean linkScope(byte[] b, int off) {
    if ((b[off] & 0xff) == 0xfe && (b[off + 1] & 0xc0) == 0x80) {
      return true;
    }
    for (int i = 0; i < 16; i++) {
      if (b[off + i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static void toClient(
      ClientSession target, byte[] buf, int p, int n, long now, Outbox out) {
    byte[] copy = new byte[HEADROOM + n + TAILROOM];
    System.arraycopy(buf, p, copy, HEADROOM, n);
    target.data.sendIp(copy, HEADROOM, n, now, out);
  }

  private void toTun(byte[] buf, int p, int n, Outbox out) {
    bytesIn += n;
    packetsIn++;
    s.ctx.traffic().in(n);
    out.toTun(buf, p, n);
  }

  /** The MSS limit for this session's tunnelled TCP, 0 for none (computed once). */
  private int maxMss() {
    if (maxMss < 0) {
      maxMss = MssClamp.maxMss(s.ctx.config().mssfix(), s.negotiated.compression().sendPrefix());
    }
    return maxMss;
  }

  private KeyState receiveKey(int keyId) {
    if (s.primary.keyId == keyId && s.primary.hasKeys()) {
      return s.primary;
    }
    KeyState ld = s.lameDuck;
    return ld != null && ld.keyId == keyId && ld.hasKeys() ? ld : null;
  }

  /**
   * The key to send with, chosen per packet as the reference's {@code tls_select_encryption_key}
   * (ssl.c) does: of the keys the client has acknowledged our key-method-2 message on (ACTIVE), in
   * slot order (primary, then lame duck), the first that is mature ({@link KeyState#matureAt}),
   * else the first. So a renegotiation switches to the new key at once unless the old key is itself
   * older than the window, and a client that renegotiates every few seconds, and drops its previous
   * key when it starts the next exchange, is never sent a key it no longer has. A new key the
   * client already sends on is used at once: the client surely holds it.
   */
  private KeyState sendKey(long now) {
    KeyState p = s.primary;
    KeyState ld = s.lameDuck;
    boolean primaryOk = p.hasKeys() && p.phase == KeyState.Phase.ACTIVE;
    boolean lameDuckOk = ld != null && ld.hasKeys() && ld.phase == KeyState.Phase.ACTIVE;
    if (primaryOk && (p.peerSentData || now >= p.matureAt || !lameDuckOk || now < ld.matureAt)) {
      return p;
    }
    if (lameDuckOk) {
      return ld;
    }
    // the first key, before the client's ack of our key-method-2 reached us
    return p.hasKeys() ? p : null;
  }

  /**
   * Seals the IP packet at {@code buf[ptOff, ptOff+len)} and sends it. Needs {@link #HEADROOM}
   * bytes before and {@link #TAILROOM} after.
   */
  void sendIp(byte[] buf, int ptOff, int len, long now, Outbox out) {
    if (!s.isAdmitted()) {
      s.ctx.drops().count(DropReason.DATA_NOT_ADMITTED);
      return;
    }
    KeyState ks = sendKey(now);
    Negotiated n = s.negotiated;
    if (ks == null || n == null || !s.pushed) {
      s.ctx.drops().count(DropReason.DATA_KEY_NOT_READY);
      return;
    }
    MssClamp.clamp(buf, ptOff, len, maxMss());
    int start = ptOff;
    if (n.compression() == Negotiated.Compression.LZO_NO) {
      buf[--start] = (byte) 0xFA;
    }
    int plainLen = len + (ptOff - start);
    int pktOff;
    int wireLen;
    if (n.dataV2()) {
      pktOff = start - V2_OVERHEAD;
      wireLen = ks.sealer.sealV2(buf, pktOff, plainLen, ks.keyId, s.peerId);
    } else {
      pktOff = start - V1_OVERHEAD;
      wireLen = ks.sealer.sealV1(buf, pktOff, plainLen, ks.keyId);
    }
    if (wireLen < 0) {
      s.ctx.drops().count(DropReason.DATA_KEY_NOT_READY);
      return;
    }
    out.toPeer(s.peer, buf, pktOff, wireLen);
    s.lastTxMs = now;
    bytesOut += len;
    packetsOut++;
    s.ctx.traffic().out(len);
    if (ks.sealer.wantsRenegotiation()) {
      s.renegotiateSoon(); // the reference renegotiates at packet id 0xFF000000
    }
  }

  void sendPing(long now, Outbox out) {
    byte[] buf = new byte[HEADROOM + DataMagic.PING.length + TAILROOM];
    System.arraycopy(DataMagic.PING, 0, buf, HEADROOM, DataMagic.PING.length);
    sendIp(buf, HEADROOM, DataMagic.PING.length, now, out);
  }

  /**
   * The one place a data opener's failure code becomes a counted drop. Exhaustive on purpose: a new
   * {@link OpenFailure} does not compile until it is counted as something.
   */
  static DropReason dropFor(int code) {
    return switch (OpenFailure.ofCode(code)) {
      case REPLAY -> DropReason.DATA_REPLAY;
      case BAD_TAG -> DropReason.DATA_BAD_TAG;
      case TOO_SHORT, EMPTY_PAYLOAD, BAD_OPCODE, KEY_DESTROYED, CIPHER_FAILURE ->
          DropReason.DATA_MALFORMED;
    };
  }

  static int readInt(byte[] b, int off) {
    return (b[off] & 0xff) << 24
        | (b[off + 1] & 0xff) << 16
        | (b[off + 2] & 0xff) << 8
        | (b[off + 3] & 0xff);
  }
}
