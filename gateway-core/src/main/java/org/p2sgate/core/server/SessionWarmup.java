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
    SessionManager table = new SessionManager(throwaway(real, verifier), 0);
    ClientStart client = new ClientStart(real.config(), pki);
    LastPacket out = new LastPacket();
    long now = 1_000;
    int answered = 0;
    try {
      for (int i = 0; i < rounds && System.nanoTime() < end; i++, now += 1) {
        Peer peer = new WarmPeer(i);
        byte[] reset = client.reset(i, now);
        table.onPacket(peer, reset, 0, reset.length, now, out);
        byte[] hello = out.last == null ? null : client.hello(i, out.last, now);
        if (hello == null) {
          continue;
        }
        int before = out.sent;
        table.onPacket(peer, hello, 0, hello.length, now, out);
        if (out.sent > before) {
          answered++;
        }
      }
    } finally {
      table.shutdown(now, out);
      client.destroy();
    }
    return answered;
  }

  /**
   * A session table's context for warming up: the gateway's configuration and credentials, and its
   * own control wrap (the gateway's belongs to its loop), pool, counters and client check.
   */
  static GatewayContext throwaway(GatewayContext real, PeerVerifier verifier) {
    var config = real.config();
    return new GatewayContext(
        config,
        ControlWraps.forServer(config.tlsWrap()),
        real.credentials(),
        verifier,
        new IpPool(config.poolNetwork(), config.poolPrefix()),
        new DropCounters(),
        real.random());
  }

  /**
   * A client's side of a session start, wrapped with the gateway's tls-crypt or tls-auth key: its
   * hard reset, then, once the server's reset (with its cookie) is back, its ClientHello.
   */
  static final class ClientStart {
    private final ControlWrap wrap;
    private final Opcode reset;
    private final Opcode third;
    private final long firstPid;
    private final byte[] clientHello;

    ClientStart(org.p2sgate.core.config.ServerConfig config, ThrowawayPki pki) throws IOException {
      this.wrap = ControlWraps.forClient(config.tlsWrap());
      // tls-crypt-v2 only: the client's V3 reset says it resends its WKc (early negotiation)
      boolean v2 = config.tlsWrap().v2Only();
      this.reset = v2 ? Opcode.CONTROL_HARD_RESET_CLIENT_V3 : Opcode.CONTROL_HARD_RESET_CLIENT_V2;
      this.third = v2 ? Opcode.CONTROL_WKC_V1 : Opcode.CONTROL_V1;
      this.firstPid = v2 ? 0x0f000000L : 1;
      this.clientHello = LoopbackHandshake.clientHello(pki.clientChain(), pki.clientKey());
    }

    /** Session {@code i}'s hard reset. */
    byte[] reset(int i, long now) {
      return packet(reset, sid(i), new long[0], 0, 0, firstPid, new byte[0], now);
    }

    /**
     * Session {@code i}'s ClientHello, acknowledging the server's reset {@code answer}; {@code
     * null} when the answer is not one.
     */
    byte[] hello(int i, byte[] answer, long now) {
      Unwrapped cookie = wrap.unwrap(answer, 0, answer.length);
      if (cookie == null) {
        return null;
      }
      return packet(
          third, sid(i), new long[] {0}, cookie.sessionId(), 1, firstPid + 1, clientHello, now);
    }

    void destroy() {
      wrap.destroy();
    }

    private static long sid(int i) {
      return 0x5741524d00000000L + i + 1; // "WARM"
    }

    private byte[] packet(
        Opcode op,
        long sid,
        long[] acks,
        long remoteSid,
        long messageId,
        long replayPid,
        byte[] payload,
        long now) {
      ControlPacket p = new ControlPacket(op, 0, sid, acks, remoteSid, messageId, payload);
      return wrap.wrap(op.firstByte(0), sid, replayPid, now / 1000, ControlBodyCodec.encodeBody(p));
    }
  }
}
