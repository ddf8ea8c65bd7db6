package org.p2sgate.core.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.p2sgate.core.control.ControlWrap;
import org.p2sgate.core.control.ControlWraps;
import org.p2sgate.core.control.Unwrapped;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.pki.ThrowawayPki;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.session.Outbox;
import org.p2sgate.core.session.Peer;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.tls.LoopbackHandshake;
import org.p2sgate.core.tls.PeerVerifier;
import org.p2sgate.core.wire.ControlBodyCodec;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;

/**
 * The first steps of a client's session, warmed up through a throwaway {@link SessionManager}: the
 * hard reset and its stateless cookie, then the ClientHello that creates the session and makes the
 * server answer with its TLS flight, all wrapped with the gateway's own tls-crypt or tls-auth key.
 * The table has its own pool and counters and is thrown away; the gateway's see nothing.
 */
final class SessionWarmup {
  private SessionWarmup() {}

  /** A peer that exists only here: a documentation address (2001:db8:N::1) per session. */
  private record WarmPeer(int n) implements Peer {
    @Override
    public java.net.InetSocketAddress socketAddress() {
      byte[] a = new byte[16];
      a[0] = 0x20;
      a[1] = 0x01;
      a[2] = 0x0d;
      a[3] = (byte) 0xb8;
      a[4] = (byte) (n >>> 8);
      a[5] = (byte) n;
      a[15] = 1;
      try {
        return new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(a), 1194);
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e); // 16 bytes always make an address
      }
    }

    @Override
    public boolean isStream() {
      return false;
    }

    @Override
    public byte[] cookieBytes() {
      return ("warm-up " + n).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String describe() {
      return "warm-up-" + n;
    }
  }

  /** Keeps the last packet for a peer, nothing else. */
  private static final class LastPacket implements Outbox {
    byte[] last;
    int sent;

    @Override
    public void toPeer(Peer peer, byte[] buf, int off, int len) {
      last = java.util.Arrays.copyOfRange(buf, off, off + len);
      sent++;
    }

    @Override
    public void toTun(byte[] buf, int off, int len) {}
  }

  /**
   * Runs up to {@code rounds} session starts, until {@code end} (System.nanoTime).
   *
   * @return how many got the server's TLS flight back
   */
  static int run(GatewayContext real, ThrowawayPki pki, PeerVerifier verifier, int rounds, long end)
      throws IOException {
    var config = real.config();
    GatewayContext ctx =
        new GatewayContext(
            config,
            ControlWraps.forServer(config.tlsWrap()), // its own: the gateway's is the loop's
            real.credentials(),
            verifier,
            new IpPool(config.poolNetwork(), config.poolPrefix()),
            new DropCounters(),
            real.random());
    SessionManager table = new SessionManager(ctx, 0);
    ControlWrap client = ControlWraps.forClient(config.tlsWrap());
    // tls-crypt-v2 only: the client's V3 reset says it resends its WKc (early negotiation)
    boolean v2 = config.tlsWrap().v2Only();
    Opcode reset = v2 ? Opcode.CONTROL_HARD_RESET_CLIENT_V3 : Opcode.CONTROL_HARD_RESET_CLIENT_V2;
    Opcode third = v2 ? Opcode.CONTROL_WKC_V1 : Opcode.CONTROL_V1;
    long firstPid = v2 ? 0x0f000000L : 1;
    LastPacket out = new LastPacket();
    byte[] hello = LoopbackHandshake.clientHello(pki.clientChain(), pki.clientKey());
    long now = 1_000;
    int answered = 0;
    for (int i = 0; i < rounds && System.nanoTime() < end; i++, now += 1) {
      Peer peer = new WarmPeer(i);
      long sid = 0x5741524d00000000L + i + 1; // "WARM"
      send(table, client, peer, reset, sid, new long[0], 0, 0, firstPid, new byte[0], now, out);
      Unwrapped cookie = out.last == null ? null : client.unwrap(out.last, 0, out.last.length);
      if (cookie == null) {
        continue;
      }
      int before = out.sent;
      send(
          table,
          client,
          peer,
          third,
          sid,
          new long[] {0},
          cookie.sessionId(),
          1,
          firstPid + 1,
          hello,
          now,
          out);
      if (out.sent > before) {
        answered++;
      }
    }
    table.shutdown(now, out);
    client.destroy();
    return answered;
  }

  private static void send(
      SessionManager table,
      ControlWrap client,
      Peer peer,
      Opcode op,
      long sid,
      long[] acks,
      long remoteSid,
      long messageId,
      long replayPid,
      byte[] payload,
      long now,
      Outbox out) {
    ControlPacket p = new ControlPacket(op, 0, sid, acks, remoteSid, messageId, payload);
    byte[] wire =
        client.wrap(op.firstByte(0), sid, replayPid, now / 1000, ControlBodyCodec.encodeBody(p));
    table.onPacket(peer, wire, 0, wire.length, now, out);
  }
}
