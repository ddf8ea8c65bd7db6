package org.p2sgate.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.p2sgate.core.control.ControlWrap;
import org.p2sgate.core.control.PlainWrap;
import org.p2sgate.core.control.StaticKey;
import org.p2sgate.core.control.TlsAuthWrap;
import org.p2sgate.core.control.TlsCryptWrap;
import org.p2sgate.core.control.Unwrapped;
import org.p2sgate.core.crypto.ReplayWindow;
import org.p2sgate.core.reliable.InFlightPacket;
import org.p2sgate.core.reliable.ReliableReceiver;
import org.p2sgate.core.wire.ControlBodyCodec;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;
import org.p2sgate.core.wire.WireFormatException;

/**
 * The test client's control-channel glue: the client's side of the wrapping (wire doc 3), its
 * session ids, its tls-auth/tls-crypt replay counter and window, packet building with acks, and
 * cutting TLS output into control packets (wire doc 2.4).
 *
 * <p>The wrapping reuses the gateway's classes with the client's keys: tls-crypt with the two
 * 128-byte halves of the static key swapped (so the client sends with {@code Ke = key[128:160], Ka
 * = key[192:224]}), tls-auth with the client's key direction.
 */
final class ClientControlChannel {
  /** {@code TLS_MTU_DEFAULT}: the control packet size target, IP datagram included. */
  static final int TLS_MTU = 1250;

  ControlWrap wrap;
  final long clientSid;
  private final long replayTime;
  private ReplayWindow recvReplay;
  private long replayPid = 1;

  /** tls-crypt-v2: the server asked for the WKc again, on the first CONTROL_V1 (message 1). */
  boolean resendWkc;

  /**
   * Wraps with a tls-crypt-v2 client key from now on, as a 2.6 client does: its wrap's packet ids
   * start at {@code EARLY_NEG_START}, which says it can resend its WKc.
   */
  void useTlsCryptV2(org.p2sgate.core.control.TlsCryptV2ClientKey key) {
    wrap = new org.p2sgate.core.control.TlsCryptV2ClientWrap(key);
    recvReplay = new ReplayWindow(64, 15);
    replayPid = 0x0f000000L;
  }

  /** The server's session id, 0 until its hard reset arrived. */
  long serverSid;

  /** Test hook: if not 0, acks name this as the server's session id instead. */
  long tamperedServerSid;

  private final Map<String, Integer> drops = new TreeMap<>();

  ClientControlChannel(TestClientConfig cfg, long clientSid, long now) {
    this.wrap = clientWrap(cfg);
    this.clientSid = clientSid;
    this.replayTime = now / 1000;
    this.recvReplay = wrap.hasReplayId() ? new ReplayWindow(64, 15) : null;
  }

  static ControlWrap clientWrap(TestClientConfig cfg) {
    return switch (cfg.wrap()) {
      case NONE -> new PlainWrap();
      case TLS_AUTH ->
          new TlsAuthWrap(cfg.staticKey(), cfg.tlsAuthDirection(), cfg.tlsAuthDigest());
      case TLS_CRYPT -> new TlsCryptWrap(swapHalves(cfg.staticKey()));
    };
  }

  /** The client's view of a tls-crypt key: it sends with keys[1] and receives with keys[0]. */
  static StaticKey swapHalves(StaticKey key) {
    return org.p2sgate.core.control.ControlWraps.swapHalves(key);
  }

  /** Largest TLS chunk per control packet, budgeted as the reference does (wire doc 2.4). */
  int maxPayload() {
    return TLS_MTU - 28 - (1 + 8 + (1 + 8 + 4 * 4) + 4) - wrap.budgetOverhead();
  }

  /**
   * Unwraps and parses a control packet from the gateway: authentication, replay window, body.
   *
   * @return the packet, or {@code null} if it was dropped (the reason is counted)
   */
  ControlPacket receive(byte[] packet, long now) {
    Unwrapped u = wrap.unwrap(packet, 0, packet.length);
    if (u == null) {
      drop("wrap authentication failed");
      return null;
    }
    if (recvReplay != null && !recvReplay.checkAndUpdate(u.replayPid(), u.replayTime(), now)) {
      drop("control replay");
      return null;
    }
    Opcode op = Opcode.ofFirstByte(u.firstByte());
    int keyId = Opcode.keyIdOf(u.firstByte());
    try {
      return ControlBodyCodec.decodeBody(op, keyId, u.sessionId(), u.body(), 0, u.body().length);
    } catch (WireFormatException e) {
      drop("malformed control packet: " + e.getMessage());
      return null;
    }
  }

  /** Test hook: an attacker that acknowledges nothing the gateway sends. */
  boolean ackNothing;

  /** Builds one wrapped control packet of {@code ks}. */
  byte[] packet(ClientKeyState ks, Opcode op, long[] acks, long messageId, byte[] payload) {
    long remote = acks.length == 0 ? 0 : tamperedServerSid != 0 ? tamperedServerSid : serverSid;
    if (resendWkc && op == Opcode.CONTROL_V1 && ks.keyId == 0 && messageId == 1) {
      op = Opcode.CONTROL_WKC_V1; // and so is every retransmission of it (ssl.c)
    }
    ControlPacket p = new ControlPacket(op, ks.keyId, clientSid, acks, remote, messageId, payload);
    return wrap.wrap(
        op.firstByte(ks.keyId), clientSid, replayPid++, replayTime, ControlBodyCodec.encodeBody(p));
  }

  /** Cuts TLS ciphertext into chunks and queues as many as the send window allows. */
  void queueTls(ClientKeyState ks, byte[] ciphertext, long now) {
    int max = maxPayload();
    for (int off = 0; off < ciphertext.length; off += max) {
      int n = Math.min(max, ciphertext.length - off);
      byte[] chunk = new byte[n];
      System.arraycopy(ciphertext, off, chunk, 0, n);
      ks.pendingTls.addLast(chunk);
    }
    moveToWindow(ks, now);
  }

  void moveToWindow(ClientKeyState ks, long now) {
    while (!ks.pendingTls.isEmpty() && ks.sender.canSend()) {
      ks.sender.add(Opcode.CONTROL_V1, ks.pendingTls.removeFirst(), now);
    }
  }

  /**
   * What {@code ks} must send now: due (re)transmissions with up to 4 piggybacked acks, then a
   * P_ACK_V1 with up to 8 if acks are still pending (wire doc 2.2, 2.3).
   */
  List<byte[]> flush(ClientKeyState ks, long now) {
    List<byte[]> out = new ArrayList<>();
    if (ks.dead) {
      return out;
    }
    moveToWindow(ks, now);
    for (InFlightPacket p : ks.sender.collectDue(now)) {
      long[] acks =
          serverSid == 0 || ackNothing
              ? new long[0]
              : ks.takeAcks(ReliableReceiver.CONTROL_SEND_ACK_MAX);
      out.add(packet(ks, p.opcode(), acks, p.id(), p.payload()));
    }
    if (ks.receiver.hasPendingAcks() && serverSid != 0 && !ackNothing) {
      out.add(
          packet(
              ks, Opcode.ACK_V1, ks.takeAcks(ReliableReceiver.RELIABLE_ACK_SIZE), -1, new byte[0]));
    }
    return out;
  }

  void drop(String reason) {
    drops.merge(reason, 1, Integer::sum);
  }

  Map<String, Integer> drops() {
    return Map.copyOf(drops);
  }
}
