package org.p2sgate.core.session;

import java.io.IOException;
import java.net.Inet4Address;
import java.util.HexFormat;
import org.p2sgate.core.control.TlsCryptV2Metadata;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.keyexchange.Negotiated;
import org.p2sgate.core.keyexchange.PeerInfo;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.Telemetry;
import org.p2sgate.core.tls.TlsServerDriver;
import org.p2sgate.core.wire.Opcode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's session: a pure state machine fed with unwrapped control packets, data packets, IP
 * packets for the client and clock ticks; it answers through an {@link Outbox}.
 *
 * <p>Control flow per key state: wrap, reliability layer and TLS ({@link ControlChannel}), then key
 * method 2 and control messages ({@link ControlMessages}). Data flow lives in {@link DataPath}.
 * What this class keeps: the key states and renegotiation, where the session stands ({@link
 * SessionState}, its {@link LoginRecord}), timers and closing. Not thread safe: one owner, the
 * gateway's event loop.
 */
public final class ClientSession {
  private static final Logger log = LoggerFactory.getLogger(ClientSession.class);

  /** {@code --tran-window} default: how long a replaced key may still receive. */
  static final long TRANSITION_WINDOW_MS = 3_600_000;

  final GatewayContext ctx;
  final SessionHost host;
  final long localSid;
  final long remoteSid;

  /** The gateway's own id for this session (logs, Acct-Session-Id): random, never the client's. */
  private final String sessionId;

  /** The tls-crypt-v2 client key's metadata (not secret), or {@code null}. */
  final TlsCryptV2Metadata keyMetadata;

  Peer peer;
  KeyState primary;
  KeyState lameDuck;
  int peerId = -1;

  /** The management interface's client id, set at admission (see {@link SessionInfo}). */
  long clientId = -1;

  Inet4Address tunnelAddress;
  int tunnelAddressInt;

  /** The client's IPv6 tunnel address and its 16 bytes, or {@code null} (IPv4 only). */
  java.net.Inet6Address tunnelAddress6;

  byte[] tunnelAddress6Bytes;
  Negotiated negotiated;
  PeerInfo peerInfo;
  String clientOptions = "";

  /** What the client showed: certificate chain and name, username, what a renegotiation proves. */
  Presented presented = Presented.NONE;

  /** What the login established; {@link LoginRecord#NONE} until the session is admitted. */
  private LoginRecord login = LoginRecord.NONE;

  /** When the session listener hears the running totals next (interim accounting), how often. */
  long interimDueAt = Long.MAX_VALUE;

  long interimEveryMs;

  /** When the client must log in again (RADIUS Session-Timeout), or never. */
  long sessionEndsAt = Long.MAX_VALUE;

  /** Where the session stands; changed only through {@link #moveTo}. */
  private SessionState state = SessionState.HANDSHAKING;

  /** When the login went {@link SessionState#AUTHENTICATING} (meaningful only then). */
  long loginStartedAt;

  /**
   * When a {@link SessionState#AUTHENTICATING} login is refused: hand-window after it started, or
   * the end of its browser sign-in ({@link WebAuth}).
   */
  long loginDeadline = Long.MAX_VALUE;

  /** The browser sign-in the login waits for, or {@code null}. */
  org.p2sgate.auth.AuthResult.Pending webAuth;

  long lastRxMs;
  long lastTxMs;
  long lastPushMs = Long.MIN_VALUE;
  boolean pushed;

  /** The {@code route} options the client was last given (PUSH_REPLY or PUSH_UPDATE). */
  java.util.List<String> pushedRoutes = java.util.List.of();

  private long renegDueAt = Long.MAX_VALUE;

  /** The close the session lingers for, or {@code null}. */
  private Closing closing;

  final ControlChannel control;
  final DataPath data;
  final ControlMessages messages;

  /** This session's place on the table's timer wheel, due at {@link #nextDeadline()}. */
  final org.p2sgate.core.timer.TimerWheel.Node<ClientSession> timer =
      new org.p2sgate.core.timer.TimerWheel.Node<>(this);

  ClientSession(
      GatewayContext ctx,
      SessionHost host,
      Peer peer,
      long localSid,
      long remoteSid,
      long nowMs,
      ClientWrap clientWrap) {
    this.ctx = ctx;
    this.keyMetadata = clientWrap.metadata();
    this.host = host;
    this.peer = peer;
    this.localSid = localSid;
    this.remoteSid = remoteSid;
    this.sessionId = HexFormat.of().toHexDigits(ctx.random().nextLong());
    this.control = new ControlChannel(this, clientWrap.wrap(), nowMs);
    this.lastRxMs = nowMs;
    this.lastTxMs = nowMs;
    this.data = new DataPath(this);
    this.messages = new ControlMessages(this);
    this.primary = newKeyState(0, nowMs);
  }

  /**
   * Starts a UDP session whose reset exchange the stateless cookie already did (wire doc 4.2): our
   * reset counts as sent and acked, the client's next message is 1, our next replay id is 2.
   */
  static ClientSession afterCookie(
      GatewayContext ctx,
      SessionHost host,
      Peer peer,
      long localSid,
      long remoteSid,
      long now,
      ClientWrap wrap) {
    ClientSession s = new ClientSession(ctx, host, peer, localSid, remoteSid, now, wrap);
    s.logConnect();
    s.primary.sender.skipTo(1);
    s.primary.receiver.skipTo(1);
    s.control.afterCookie();
    return s;
  }

  /** Starts a TCP session on the client's hard reset: our own reset is queued as message 0. */
  static ClientSession onStream(
      GatewayContext ctx,
      SessionHost host,
      Peer peer,
      long localSid,
      long remoteSid,
      long now,
      ClientWrap wrap) {
    ClientSession s = new ClientSession(ctx, host, peer, localSid, remoteSid, now, wrap);
    s.logConnect();
    s.primary.sender.add(Opcode.CONTROL_HARD_RESET_SERVER_V2, new byte[0], now);
    return s;
  }

  private void logConnect() {
    var e = SessionEvents.event(log.atInfo(), "connect", this);
    if (keyMetadata != null) {
      e = e.addKeyValue("tls_crypt_v2_metadata", keyMetadata.toString());
    }
    e.setMessage("{}: new session{}")
        .addArgument(this)
        .addArgument(keyMetadata == null ? "" : " (tls-crypt-v2 key " + keyMetadata + ")")
        .log();
  }

  private KeyState newKeyState(int keyId, long now) {
    KeyState ks = new KeyState(keyId, now, matureAfterMs());
    try {
      boolean only13 = "1.3".equals(ctx.config().tlsVersionMin());
      ks.tls = new TlsServerDriver(ctx.credentials(), ctx.verifier(), only13);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a TLS server session", e);
    }
    return ks;
  }

  /**
   * W, after which a key is mature ({@link KeyState#matureAt}): the reference's {@code
   * auth_deferred_expire} window, min(hand-window, reneg-sec/2), where a reneg-sec of 0 (never)
   * leaves the hand-window (ssl.c, session_move_pre_start).
   */
  private long matureAfterMs() {
    long hand = ctx.config().handWindow().toMillis();
    long reneg = ctx.config().renegSec().toMillis();
    return reneg > 0 ? Math.min(hand, reneg / 2) : hand;
  }

  // ------------------------------------------------------------------ lifecycle and timers

  KeyState startRenegotiation(int keyId, long now) {
    if (lameDuck != null) {
      lameDuck.destroy();
    }
    lameDuck = primary;
    primary = newKeyState(keyId, now);
    primary.sender.add(Opcode.CONTROL_SOFT_RESET_V1, new byte[0], now);
    renegDueAt = Long.MAX_VALUE;
    return primary;
  }

  /**
   * Whether a new key exchange may start: only for an admitted session whose current key is fully
   * established (the reference's S_GENERATED_KEYS, which needs KS_AUTH_TRUE).
   */
  boolean canRenegotiate() {
    return state == SessionState.ESTABLISHED && primary.phase == KeyState.Phase.ACTIVE;
  }

  /** Starts a renegotiation at the next tick, unless one is under way. */
  void renegotiateSoon() {
    if (canRenegotiate()) {
      renegDueAt = Long.MIN_VALUE;
    }
  }

  void scheduleRenegotiation(long now) {
    long reneg = ctx.config().renegSec().toMillis();
    if (reneg <= 0) {
      return;
    }
    // the reference subtracts up to 10% jitter on the server side
    long jitter = (long) (ctx.random().nextDouble() * reneg / 10);
    renegDueAt = now + reneg - jitter;
  }

  /** Advances timers: retransmission, keepalive, ping-restart, hand-window, renegotiation. */
  public void onTick(long now, Outbox out) {
    if (isClosed()) {
      return;
    }
    if (closing != null && now >= closing.at()) {
      close(closing.cause(), closing.detail(), out);
      return;
    }
    long hand = ctx.config().handWindow().toMillis();
    if (primary.phase != KeyState.Phase.ACTIVE && now - primary.startedAt > hand) {
      if (!primary.clientKeyMethodReceived) {
        ctx.telemetry().handshake(Telemetry.Handshake.TIMEOUT, now - primary.startedAt);
      }
      close(
          CloseCause.PROTOCOL_ERROR,
          "TLS key negotiation did not finish within hand-window (" + hand / 1000 + " s)",
          out);
      return;
    }
    if (state == SessionState.AUTHENTICATING && now >= loginDeadline) {
      ctx.telemetry().login("-", Telemetry.Login.UNAVAILABLE, now - loginStartedAt);
      if (webAuth != null) {
        WebAuth.expired(this, primary, now);
      } else {
        authFailed(primary, "authentication did not finish within hand-window", now);
      }
    }
    long restart = ctx.config().pingRestart().toMillis() * 2; // keepalive doubles it server side
    if (restart > 0 && now - lastRxMs > restart) {
      close(
          CloseCause.IDLE_TIMEOUT,
          "ping-restart: nothing received for " + restart / 1000 + " s",
          out);
      return;
    }
    if (canRenegotiate() && now >= renegDueAt) {
      int next = KeyState.next(primary.keyId);
      SessionEvents.event(log.atInfo(), "renegotiation", this)
          .addKeyValue("by", "server")
          .addKeyValue("key_id", next)
          .setMessage("{}: renegotiating data keys, key id {}")
          .addArgument(this)
          .addArgument(next)
          .log();
      startRenegotiation(next, now);
    }
    if (lameDuck != null && now - primary.startedAt > TRANSITION_WINDOW_MS) {
      lameDuck.destroy();
      lameDuck = null;
    }
    SessionLimits.onTick(this, now);
    long ping = ctx.config().pingInterval().toMillis();
    if (pushed && ping > 0 && now - lastTxMs >= ping) {
      data.sendPing(now, out);
    }
    control.flush(now, out);
  }

  /** Refuses the client: AUTH_FAILED now, close shortly after (see {@link AuthReplies}). */
  void authFailed(KeyState ks, String reason, long now) {
    AuthReplies.refuse(this, ks, null, reason, null, now);
  }

  void fail(KeyState ks, String reason, long now) {
    ks.phase = KeyState.Phase.DEAD;
    scheduleClose(CloseCause.PROTOCOL_ERROR, reason, ks == primary ? now + 200 : now);
  }

  void scheduleClose(CloseCause cause, String detail, long at) {
    closing = closing == null ? new Closing(cause, detail, at) : closing.earlier(at);
  }

  /** Ends the session because its certificate was revoked: AUTH_FAILED, then close at once. */
  public void revoke(String reason, long now, Outbox out) {
    if (isClosed()) {
      return;
    }
    SessionEvents.event(log.atWarn(), "revoked", this)
        .addKeyValue("reason", reason)
        .setMessage("{}: {}: ending the session")
        .addArgument(this)
        .addArgument(reason)
        .log();
    if (primary.clientKeyMethodReceived) {
      control.sendMessage(primary, "AUTH_FAILED," + reason, now);
      control.flush(now, out);
    }
    close(CloseCause.REVOKED, reason, out);
  }

  /** Tells the client to reconnect (gateway shutting down). */
  public void sendRestart(long now, Outbox out) {
    if (!isClosed() && primary.clientKeyMethodReceived && ctx.config().explicitExitNotify()) {
      control.sendMessage(primary, "RESTART", now);
      control.flush(now, out);
    }
  }

  /** Ends the session now: zeroes keys, releases its address and peer-id. Idempotent. */
  public void close(CloseCause cause, String detail, Outbox out) {
    if (isClosed()) {
      return;
    }
    SessionState was = state;
    moveTo(SessionState.CLOSED);
    if (was == SessionState.AUTHENTICATING) {
      WebAuth.abandon(this);
    }
    if (login != LoginRecord.NONE) { // admitted, also when a renegotiation was refused since
      ctx.telemetry().sessions(transport(), login.method(), -1);
    }
    if (presented.proof() != null) {
      presented.proof().wipe();
    }
    primary.destroy();
    if (lameDuck != null) {
      lameDuck.destroy();
    }
    if (control.ownsWrap()) {
      control.wrap().destroy(); // the client's own tls-crypt-v2 key
    }
    // a session already ending (Session-Timeout, AUTH_FAILED) ends for that reason, even if
    // something else (its replacement, an EXIT) closes it first
    CloseCause why = closing != null ? closing.cause() : cause;
    String text = closing != null ? closing.detail() : detail;
    host.closed(this, why, text);
    if (login.established()) {
      ctx.listener()
          .ended(
              sessionIdHex(),
              data.bytesIn,
              data.bytesOut,
              lastRxMs - login.establishedAt(),
              why,
              text);
    }
    if (peer.isStream()) {
      out.closePeer(peer);
    }
  }

  public boolean isClosed() {
    return state == SessionState.CLOSED;
  }

  /** Whether the session is about to close (AUTH_FAILED, RESTART or HALT sent, EXIT received). */
  boolean isClosing() {
    return closing != null;
  }

  /** Where the session stands. */
  SessionState state() {
    return state;
  }

  /**
   * The one way the session's state changes.
   *
   * @throws IllegalStateException for a change the protocol has no path for ({@link SessionState})
   */
  void moveTo(SessionState next) {
    state = state.to(next);
  }

  /**
   * When {@link #onTick} must run next at the latest ({@link Long#MAX_VALUE}: never): the earliest
   * of every condition {@code onTick} checks. The session table schedules the session's timer by
   * it, so a condition missing here would never fire.
   */
  public long nextDeadline() {
    if (isClosed()) {
      return Long.MAX_VALUE;
    }
    long hand = ctx.config().handWindow().toMillis();
    long d = Math.min(closing == null ? Long.MAX_VALUE : closing.at(), interimDueAt);
    d = Math.min(d, sessionEndsAt);
    d = Math.min(d, retransmitDeadline(primary));
    if (primary.phase != KeyState.Phase.ACTIVE) {
      d = Math.min(d, primary.startedAt + hand + 1);
    }
    if (lameDuck != null) {
      d = Math.min(d, retransmitDeadline(lameDuck));
      d = Math.min(d, primary.startedAt + TRANSITION_WINDOW_MS + 1);
    }
    if (state == SessionState.AUTHENTICATING) {
      d = Math.min(d, loginDeadline);
    }
    long restart = ctx.config().pingRestart().toMillis() * 2;
    if (restart > 0) {
      d = Math.min(d, lastRxMs + restart + 1);
    }
    if (canRenegotiate()) {
      d = Math.min(d, renegDueAt);
    }
    long ping = ctx.config().pingInterval().toMillis();
    if (pushed && ping > 0) {
      d = Math.min(d, lastTxMs + ping);
    }
    return d;
  }

  private static long retransmitDeadline(KeyState ks) {
    return ks.phase == KeyState.Phase.DEAD ? Long.MAX_VALUE : ks.sender.nextDeadline();
  }

  void rescheduleAfterPush(long now) {
    pushed = true;
    lastPushMs = now;
  }

  /** The client's IPv6 tunnel address, or {@code null} when the gateway is IPv4 only. */
  public java.net.Inet6Address tunnelAddress6() {
    return tunnelAddress6;
  }

  /** The id logs and accounting use for this session: the gateway's own, unique. */
  public String sessionIdHex() {
    return sessionId;
  }

  public Peer peer() {
    return peer;
  }

  public int peerId() {
    return peerId;
  }

  public Inet4Address tunnelAddress() {
    return tunnelAddress;
  }

  public String commonName() {
    return presented.commonName();
  }

  /**
   * Who the session's user is, for the log: whom the login named once admitted, else the username
   * the client sent ({@code ""} if none).
   */
  String user() {
    return login.identity() != null ? login.identity() : presented.username();
  }

  /** What the login established ({@link LoginRecord#NONE} before the session is admitted). */
  LoginRecord login() {
    return login;
  }

  /**
   * What admission gives the session, all at once: its login record, peer-id, management client id
   * and tunnel addresses. The table calls this once, when it admits the session.
   *
   * @param address6 the IPv6 tunnel address, or {@code null} (IPv4 only)
   * @throws IllegalStateException if the session already has a login, changing nothing
   */
  void admitted(
      LoginRecord record,
      int peerId,
      long clientId,
      Inet4Address address,
      java.net.Inet6Address address6) {
    if (login.established() || !record.established()) {
      throw new IllegalStateException(this + ": the login record is set once, at admission");
    }
    this.login = record;
    this.peerId = peerId;
    this.clientId = clientId;
    this.tunnelAddress = address;
    this.tunnelAddressInt = IpPool.toInt(address);
    this.tunnelAddress6 = address6;
    this.tunnelAddress6Bytes = address6 == null ? null : address6.getAddress();
  }

  public Negotiated negotiated() {
    return negotiated;
  }

  public int currentKeyId() {
    return primary.keyId;
  }

  /** Whether the first key exchange finished and the client got its options. */
  public boolean isEstablished() {
    return pushed && !isClosed();
  }

  /**
   * The operator ends the session (admin API): the client is told to reconnect ({@code RESTART}) or
   * to stop ({@code HALT}, which a 2.6 client does not retry), then the session closes.
   */
  void disconnect(boolean reconnect, long now, Outbox out) {
    String reason = "disconnected by the operator";
    tellAndClose(reconnect ? "RESTART" : "HALT," + reason, CloseCause.OPERATOR, reason, now, out);
  }

  /**
   * The gateway drains: the client is told to reconnect to the next server of its {@code remote}
   * list ({@code RESTART,[N]}: the reference client's "advance to the next server"), then the
   * session closes.
   */
  void moveOn(long now, Outbox out) {
    tellAndClose("RESTART,[N]", CloseCause.DRAIN, "gateway draining", now, out);
  }

  /**
   * The learned routes changed and this client cannot take a PUSH_UPDATE ({@code on-change:
   * reconnect}): it is told to reconnect, and gets the new routes in its next PUSH_REPLY.
   */
  void reconnectForRoutes(long now, Outbox out) {
    tellAndClose("RESTART", CloseCause.ROUTES_CHANGED, "learned routes changed", now, out);
  }

  private void tellAndClose(String message, CloseCause cause, String reason, long now, Outbox out) {
    if (isClosed()) {
      return;
    }
    if (primary.clientKeyMethodReceived) {
      control.sendMessage(primary, message, now);
      control.flush(now, out);
    }
    scheduleClose(cause, reason, now + AuthReplies.LINGER_MS);
  }

  /** "udp" or "tcp". */
  public String transport() {
    return peer.isStream() ? "tcp" : "udp";
  }

  /** Whether the session may move data: admitted and not closed or refused since. */
  boolean isAdmitted() {
    return state == SessionState.ESTABLISHED;
  }

  @Override
  public String toString() {
    return (commonName() == null ? "" : commonName() + "/")
        + peer.describe()
        + " sid="
        + HexFormat.of().toHexDigits(remoteSid);
  }
}
