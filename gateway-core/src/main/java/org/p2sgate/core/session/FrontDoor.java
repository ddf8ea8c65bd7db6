package org.p2sgate.core.session;

import org.p2sgate.core.control.EarlyNegotiation;
import org.p2sgate.core.control.Unwrapped;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.wire.ControlBodyCodec;
import org.p2sgate.core.wire.ControlPacket;
import org.p2sgate.core.wire.Opcode;
import org.p2sgate.core.wire.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's front door: control packets that no session takes, and TCP connections that have
 * started none yet. It opens them (the shared tls-auth/tls-crypt wrap, or a tls-crypt-v2 client's
 * own key, {@link ClientKeys}), answers a UDP client's reset with the stateless cookie ({@link
 * CookieJar}, paced by {@link CookieRateLimit}), and starts a session only when the cookie comes
 * back valid, or on a TCP connection's hard reset; every start takes one of the pending slots
 * ({@link PendingLimits}) until the login admits the session. A tls-crypt-v2 key no session took is
 * forgotten here. State kept: the limits' counters and the connections without a session, nothing
 * per UDP peer (decisions 3 and 9).
 */
final class FrontDoor {
  private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);

  /** How long a TCP connection may stay open without starting a session. */
  static final long STREAM_FIRST_PACKET_MS = 10_000;

  /** What the front door needs of the session table behind it. */
  interface Sessions {
    /** The session at {@code peer}, or {@code null}. */
    ClientSession at(Peer peer);

    /** Takes the session at {@code peer} off the table (it is then closed), or {@code null}. */
    ClientSession remove(Peer peer);

    /** Whether max-clients admitted sessions are there: no new session starts. */
    boolean full();

    /** Puts a new session on the table and hands it its first packet. */
    void start(ClientSession s, Unwrapped first, long now, Outbox out);
  }

  private GatewayContext ctx;
  private final SessionHost host;
  private final Sessions sessions;
  private final CookieJar cookies;

  /** Opens tls-crypt-v2 clients' first packets with the server key. */
  private final ClientKeys clientKeys;

  private final CookieRateLimit rateLimit;
  private final PendingLimits pending;

  /** TCP connections without a session yet, oldest first, with when they opened. */
  private final java.util.LinkedHashMap<Peer, Long> bareStreams = new java.util.LinkedHashMap<>();

  /** The sessions that hold a pending slot: started here, not yet admitted or closed. */
  private final java.util.Set<ClientSession> holdingSlots = new java.util.HashSet<>();

  /** Whether the gateway drains: no new session starts. */
  private boolean draining;

  /**
   * @param rateLimit the new-connection limit, and {@code pending} the pending limits, both shared
   *     with the gateway's other session tables if it runs several ({@link Shards})
   */
  FrontDoor(
      GatewayContext ctx,
      SessionHost host,
      Sessions sessions,
      CookieRateLimit rateLimit,
      PendingLimits pending) {
    this.ctx = ctx;
    this.host = host;
    this.sessions = sessions;
    this.rateLimit = rateLimit;
    this.cookies = new CookieJar(ctx.random(), ctx.config().handWindow().toMillis());
    this.clientKeys = new ClientKeys(ctx.config().tlsWrap().v2());
    this.pending = pending;
  }

  /** New sessions start under {@code next}; the limits change at once. */
  void reconfigure(GatewayContext next) {
    this.ctx = next;
    pending.limits(next.config().maxPendingLogins(), next.config().maxPendingPerSource());
    rateLimit.limits(next.config().connectRate());
  }

  /** From now on no new session starts. */
  void drain() {
    draining = true;
  }

  /** See {@link SessionManager#onStreamOpened}. */
  void onStreamOpened(Peer peer, long now, Outbox out) {
    if (draining) {
      ctx.drops().count(DropReason.DRAINING);
      out.closePeer(peer);
      return;
    }
    if (!pending.take(peer)) {
      ctx.drops().count(DropReason.PENDING_LIMIT);
      out.closePeer(peer);
      return;
    }
    bareStreams.put(peer, now);
  }

  /**
   * Opens a control packet that is not for a tls-crypt-v2 session's own key: a V3 reset or WKC_V1
   * with the server key (the client's own wrap comes with it), anything else with the shared wrap.
   *
   * @return the packet and its wrap, or {@code null} (counted)
   */
  ClientKeys.Opened open(Peer peer, Opcode op, byte[] buf, int off, int len, long now) {
    if (op == Opcode.CONTROL_HARD_RESET_CLIENT_V3 || op == Opcode.CONTROL_WKC_V1) {
      return clientKeys.open(ctx, peer, buf, off, len, now); // null: counted
    }
    Unwrapped u = ctx.wrap().unwrap(buf, off, len);
    if (u == null) {
      ctx.drops().count(ClientKeys.sharedWrapFailure(ctx, op, len));
      return null;
    }
    return new ClientKeys.Opened(ClientWrap.shared(ctx), u);
  }

  /**
   * An opened control packet that the session at {@code peer} ({@code s}, or none) does not take:
   * on TCP a hard reset that starts a session, over UDP a step of the cookie exchange. A
   * tls-crypt-v2 key that no session takes is forgotten.
   */
  void knock(Peer peer, Opcode op, ClientKeys.Opened o, ClientSession s, long now, Outbox out) {
    ClientWrap wrap = o.wrap();
    Unwrapped u = o.packet();
    if (peer.isStream()) {
      if (s != null && !op.isClientHardReset()) {
        ctx.drops().count(DropReason.WRONG_SESSION_ID);
        forget(wrap);
        return;
      }
      forgetUnlessTaken(peer, wrap, () -> startStream(peer, op, u, wrap, now, out));
    } else {
      forgetUnlessTaken(peer, wrap, () -> cookieExchange(peer, op, u, wrap, now, out));
    }
  }

  /** Forgets a tls-crypt-v2 client's key that no session took. */
  private void forget(ClientWrap wrap) {
    if (wrap.wrap() != ctx.wrap()) {
      wrap.wrap().destroy();
    }
  }

  /** Runs {@code start}; then forgets {@code wrap} unless the peer's session took it. */
  private void forgetUnlessTaken(Peer peer, ClientWrap wrap, Runnable start) {
    try {
      start.run();
    } finally {
      ClientSession s = sessions.at(peer);
      if (s == null || s.control.wrap() != wrap.wrap()) {
        forget(wrap);
      }
    }
  }

  private void startStream(
      Peer peer, Opcode op, Unwrapped u, ClientWrap wrap, long now, Outbox out) {
    if (!op.isClientHardReset() || Opcode.keyIdOf(u.firstByte()) != 0) {
      ctx.drops().count(DropReason.UNKNOWN_SESSION);
      return;
    }
    if (u.sessionId() == 0) {
      ctx.drops().count(DropReason.MALFORMED_CONTROL);
      return;
    }
    if (draining) {
      ctx.drops().count(DropReason.DRAINING);
      out.closePeer(peer);
      return;
    }
    ClientSession old = sessions.at(peer);
    if (old != null && !old.isAdmitted()) {
      // one handshake per connection until a login succeeds: no TLS handshakes on demand
      ctx.drops().count(DropReason.STREAM_RESET_REPEATED);
      old.close(
          CloseCause.PROTOCOL_ERROR, "a second hard reset on the connection before any login", out);
      return;
    }
    if (old != null) {
      // an admitted client restarts on the same connection: end the old session, keep the link
      old.close(CloseCause.CLIENT_EXIT, "client restarted its session", keepingConnection(out));
    }
    boolean held = bareStreams.remove(peer) != null;
    if (!held && !pending.take(peer)) {
      ctx.drops().count(DropReason.PENDING_LIMIT);
      out.closePeer(peer);
      return;
    }
    if (sessions.full()) {
      ctx.drops().count(DropReason.MAX_CLIENTS);
      pending.release(peer);
      out.closePeer(peer);
      return;
    }
    long sid = ctx.random().nextLong();
    ClientSession s =
        ClientSession.onStream(ctx, host, peer, sid == 0 ? 1 : sid, u.sessionId(), now, wrap);
    holdingSlots.add(s);
    sessions.start(s, u, now, out);
  }

  private void cookieExchange(
      Peer peer, Opcode op, Unwrapped u, ClientWrap wrap, long now, Outbox out) {
    int keyId = Opcode.keyIdOf(u.firstByte());
    ControlPacket p;
    try {
      p = u.decode();
    } catch (WireFormatException e) {
      ctx.drops().count(DropReason.MALFORMED_CONTROL);
      return;
    }
    if (keyId != 0 || u.sessionId() == 0) {
      ctx.drops().count(DropReason.UNKNOWN_SESSION);
      return;
    }
    if (op.isClientHardReset()) {
      answerReset(peer, op, u, p, wrap, now, out);
      return;
    }
    boolean third = op == Opcode.CONTROL_V1 || op == Opcode.ACK_V1 || op == Opcode.CONTROL_WKC_V1;
    if (!third || p.acks().length == 0) {
      ctx.drops().count(DropReason.UNKNOWN_SESSION);
      return;
    }
    for (long a : p.acks()) {
      if (a > 1) {
        ctx.drops().count(DropReason.COOKIE_INVALID);
        return;
      }
    }
    if (p.messageId() > 1 || !cookies.isValid(p.remoteSessionId(), peer, u.sessionId(), now)) {
      ctx.drops().count(DropReason.COOKIE_INVALID);
      return;
    }
    if (sessions.full()) {
      ctx.drops().count(DropReason.MAX_CLIENTS);
      return;
    }
    ClientSession old = sessions.remove(peer);
    if (old != null) {
      old.close(CloseCause.CLIENT_EXIT, "client restarted its session", out);
    }
    if (!pending.take(peer)) {
      ctx.drops().count(DropReason.PENDING_LIMIT);
      return;
    }
    ClientSession s =
        ClientSession.afterCookie(ctx, host, peer, p.remoteSessionId(), u.sessionId(), now, wrap);
    holdingSlots.add(s);
    log.debug("{}: new session (cookie verified)", s);
    sessions.start(s, u, now, out);
  }

  /** A client's hard reset over UDP: the reset reply carrying the cookie, and no state kept. */
  private void answerReset(
      Peer peer, Opcode op, Unwrapped u, ControlPacket p, ClientWrap wrap, long now, Outbox out) {
    if (p.messageId() != 0 || p.acks().length != 0) {
      ctx.drops().count(DropReason.MALFORMED_CONTROL);
      return;
    }
    if (draining) {
      ctx.drops().count(DropReason.DRAINING); // the client tries the next server of its list
      return;
    }
    if (!rateLimit.allow(peer, now)) {
      ctx.drops().count(DropReason.RATE_LIMITED);
      return;
    }
    boolean v3 = op == Opcode.CONTROL_HARD_RESET_CLIENT_V3;
    if (v3 && !EarlyNegotiation.supported(u.replayPid())) {
      // a client that cannot resend its WKc would need state kept for it (force-cookie)
      ctx.drops().count(DropReason.TLS_CRYPT_V2_NO_RESEND);
      return;
    }
    long cookie = cookies.cookie(peer, u.sessionId(), now);
    ControlPacket reply =
        new ControlPacket(
            Opcode.CONTROL_HARD_RESET_SERVER_V2,
            0,
            cookie,
            new long[] {0},
            u.sessionId(),
            0,
            v3 ? EarlyNegotiation.resendWkc() : new byte[0]);
    byte[] wire =
        wrap.wrap()
            .wrap(
                reply.opcode().firstByte(0),
                cookie,
                1,
                now / 1000,
                ControlBodyCodec.encodeBody(reply));
    out.toPeer(peer, wire, 0, wire.length);
  }

  /** Closes TCP connections that started no session in time (oldest first: stops early). */
  void onTick(long now, Outbox out) {
    var it = bareStreams.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (now - e.getValue() < STREAM_FIRST_PACKET_MS) {
        return;
      }
      it.remove();
      pending.release(e.getKey());
      ctx.drops().count(DropReason.STREAM_SILENT);
      out.closePeer(e.getKey());
    }
  }

  /** A TCP connection without a session went away: its slot is free. */
  void onStreamGone(Peer peer) {
    if (bareStreams.remove(peer) != null) {
      pending.release(peer);
    }
  }

  /** {@code s} was admitted or closed: the pending slot it holds, if any, is free. */
  void releaseSlot(ClientSession s) {
    if (holdingSlots.remove(s)) {
      pending.release(s.peer);
    }
  }

  /** Sessions and TCP connections not yet admitted. */
  int pendingCount() {
    return pending.count();
  }

  private static Outbox keepingConnection(Outbox out) {
    return new Outbox() {
      @Override
      public void toPeer(Peer peer, byte[] buf, int off, int len) {
        out.toPeer(peer, buf, off, len);
      }

      @Override
      public void toTun(byte[] buf, int off, int len) {
        out.toTun(buf, off, len);
      }
    };
  }
}
