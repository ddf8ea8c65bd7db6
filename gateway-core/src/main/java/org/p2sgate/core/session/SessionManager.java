package org.p2sgate.core.session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.core.control.Unwrapped;
import org.p2sgate.core.observe.CloseCause;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.timer.TimerWheel;
import org.p2sgate.core.wire.Opcode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session table: every session of a gateway, indexed by peer, peer-id, tunnel address, common
 * name and token session; admission, timers and lifecycle; and the demultiplexer in front of them.
 * Pipeline for a packet from a peer:
 *
 * <ol>
 *   <li>first byte: opcode and key id; unknown opcodes are dropped;
 *   <li>data: find the session by peer-id (P_DATA_V2) or peer (P_DATA_V1), then {@link DataPath}
 *       ({@link DataIn});
 *   <li>control from a known peer: unwrap (tls-auth/tls-crypt), check the session id, then {@link
 *       ClientSession#onControl};
 *   <li>control no session takes goes to the {@link FrontDoor}: from an unknown UDP peer the
 *       stateless cookie exchange (state is created only when the third packet returns a valid
 *       cookie), from a new TCP connection a session on the client's hard reset.
 * </ol>
 *
 * Pure: no sockets, no threads, no clock reads. One owner: the gateway's event loop, or one of them
 * when the gateway runs a table per data-path thread; the tables then share admission and limits
 * through {@link Shards}, and a packet for another table's session goes there.
 */
public final class SessionManager implements SessionHost {
  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

  private GatewayContext ctx;

  /** Where packets of peers without a session go: cookie, limits, new sessions. */
  private final FrontDoor frontDoor;

  private final Map<Peer, ClientSession> byPeer = new HashMap<>();
  private final PeerIds byPeerId;

  /** Data packets: by peer or peer-id, handed to another table, or a float. */
  private final DataIn dataIn;

  /** Logins admitted: replaced sessions, max-clients, address and peer-id. */
  private final Admissions admissions;

  /** What this table shares with the gateway's other tables, and its number among them. */
  private final Shards shards;

  private final int shard;

  private final RouteTable<ClientSession> byAddress;

  /** The IPv6 pool, tied to the IPv4 one, or {@code null} when the gateway is IPv4 only. */
  private final org.p2sgate.core.ippool.Ipv6Pool pool6;

  /** Every session's next deadline: a tick visits the sessions due, not all of them. */
  private final TimerWheel<ClientSession> timers;

  /** Session timers run since the table was made (tests, benchmarks). */
  private long timerRuns;

  /** The learned routes pushed now ({@code route} options), and how changes reach clients. */
  private List<String> learnedRoutes = List.of();

  private final RouteRollout routeRollout = new RouteRollout();

  /** The outbox of the call being handled: admissions may end another session through it. */
  private Outbox current;

  /** Where finished logins and TLS jobs go, from any thread: the owner's way back to its thread. */
  private java.util.function.Consumer<Completion> completions =
      c -> log.error("{}: finished work lost: the session table's owner takes none", c.session());

  /** Who reads client-config-dir files at login. */
  private ClientConfigReader clientConfigs = ClientConfigReader.NONE;

  /** Where TLS handshake work runs; {@code null}: on the owner's thread, within the call. */
  private java.util.concurrent.Executor tlsWorkers;

  /** Resolution of the session timers. */
  static final long TIMER_TICK_MS = 10;

  /** Slots of the timer wheel: one turn is 4096 x 10 ms, about 41 s. */
  static final int TIMER_SLOTS = 4096;

  /** A table whose clock starts at 0 (tests). */
  public SessionManager(GatewayContext ctx) {
    this(ctx, 0);
  }

  /** A table whose first {@link #onTick} comes after {@code now}. */
  public SessionManager(GatewayContext ctx, long now) {
    this(ctx, now, Shards.single(ctx), 0);
  }

  /** Table {@code shard} of {@code shards}, whose first {@link #onTick} comes after {@code now}. */
  public SessionManager(GatewayContext ctx, long now, Shards shards, int shard) {
    this.ctx = ctx;
    this.shards = shards;
    this.shard = shard;
    this.byPeerId = new PeerIds(PeerIds.MAX_PEER_ID, shard, shards.count());
    this.dataIn = new DataIn(byPeer, byPeerId, shards, shard, this::arm);
    this.timers = new TimerWheel<>(TIMER_TICK_MS, TIMER_SLOTS, now);
    this.byAddress = new RouteTable<>(ctx.pool());
    this.pool6 = shards.pool6();
    this.frontDoor = new FrontDoor(ctx, this, new Table(), shards.rateLimit(), shards.pending());
    this.admissions = new Admissions(shards, shard, byPeerId, byAddress, pool6, frontDoor);
  }

  /** The table as the front door sees it. */
  private final class Table implements FrontDoor.Sessions {
    @Override
    public ClientSession at(Peer peer) {
      return byPeer.get(peer);
    }

    @Override
    public ClientSession remove(Peer peer) {
      return byPeer.remove(peer);
    }

    @Override
    public boolean full() {
      return shards.admittedCount() >= ctx.config().maxClients();
    }

    @Override
    public void start(ClientSession s, Unwrapped first, long now, Outbox out) {
      byPeer.put(s.peer, s);
      s.control.onControl(first, now, out);
      arm(s);
    }
  }

  /**
   * Takes a reloaded configuration: new sessions get {@code next} (its settings, credentials and
   * authentication), sessions already there keep the context they started with, and the pending
   * limits change at once. {@code next} shares this gateway's pool, counters and control wrap.
   */
  public void reconfigure(GatewayContext next) {
    this.ctx = next;
    frontDoor.reconfigure(next);
  }

  /**
   * A TCP connection was accepted: it takes a pending slot (its source's share of them) until it
   * starts a session, and is closed if it does not within {@link FrontDoor#STREAM_FIRST_PACKET_MS}.
   */
  public void onStreamOpened(Peer peer, long now, Outbox out) {
    frontDoor.onStreamOpened(peer, now, out);
  }

  /**
   * One OpenVPN packet from {@code peer} at {@code buf[off, off+len)}. Never throws. The buffer is
   * the gateway's until the call returns, and up to {@link
   * org.p2sgate.core.crypto.AeadLayout#TAILROOM} bytes after the packet are scratch (a data packet
   * is opened in place there).
   */
  public void onPacket(Peer peer, byte[] buf, int off, int len, long now, Outbox out) {
    current = out;
    try {
      dispatch(peer, buf, off, len, now, out);
    } catch (RuntimeException e) {
      // a bug of ours must not take the gateway down: end that client's session, keep the rest
      log.error("internal error on a packet from {}; closing its session", peer.describe(), e);
      ClientSession s = byPeer.get(peer);
      if (s != null) {
        s.close(CloseCause.INTERNAL_ERROR, "internal error: " + e, out);
      }
    }
  }

  private void dispatch(Peer peer, byte[] buf, int off, int len, long now, Outbox out) {
    if (len < 1) {
      ctx.drops().count(DropReason.TOO_SHORT);
      return;
    }
    Opcode op = Opcode.ofFirstByte(buf[off]);
    if (op == null) {
      ctx.drops().count(DropReason.UNKNOWN_OPCODE);
      return;
    }
    if (op.isData()) {
      dataIn.onData(ctx, peer, op, buf, off, len, now, out);
      return;
    }
    ClientSession s = byPeer.get(peer);
    if (s == null) {
      int owner = shards.floatedTo(peer);
      if (owner >= 0 && owner != shard) {
        shards.forward(owner, peer, buf, off, len, ctx.drops()); // a client that floated here
        return;
      }
    }
    if (s != null && s.control.ownsWrap()) {
      // a tls-crypt-v2 client: its packets open with its own key
      Unwrapped mine = ClientKeys.openForSession(s.control.wrap(), op, buf, off, len);
      if (mine != null && mine.sessionId() == s.remoteSid) {
        s.control.onControl(mine, now, out);
        arm(s);
        return;
      }
    }
    ClientKeys.Opened o = frontDoor.open(peer, op, buf, off, len, now);
    if (o == null) {
      return; // counted
    }
    if (s != null && !s.control.ownsWrap() && o.packet().sessionId() == s.remoteSid) {
      s.control.onControl(o.packet(), now, out);
      arm(s);
      return;
    }
    frontDoor.knock(peer, op, o, s, now, out);
  }

  /**
   * An IP packet from the TUN device at {@code buf[off, off+len)} with headroom before it: routed
   * by its destination, IPv4 or (when configured) IPv6, to the session that holds that address.
   */
  public void onTunPacket(byte[] buf, int off, int len, long now, Outbox out) {
    int version = len < 1 ? 0 : buf[off] & 0xf0;
    ClientSession s;
    if (version == 0x40 && len >= 20) {
      s = byAddress.get(DataPath.readInt(buf, off + 16));
    } else if (version == 0x60 && pool6 == null) {
      ctx.drops().count(DropReason.IPV6_NOT_CONFIGURED);
      return;
    } else if (version == 0x60 && len >= 40) {
      s = byTunnelAddress6(buf, off + 24);
    } else {
      ctx.drops().count(version == 0x60 ? DropReason.IPV6_MALFORMED : DropReason.NOT_IPV4);
      return;
    }
    if (s == null) {
      ctx.drops().count(DropReason.NO_ROUTE);
      return;
    }
    s.data.sendIp(buf, off, len, now, out);
    arm(s);
  }

  /**
   * Runs the timers that are due: those of the sessions whose deadline has come (retransmission,
   * hand-window, keepalive, ping-restart, renegotiation, accounting, session timeout) and the
   * silent-connection check. A session with nothing due is not looked at.
   */
  public void onTick(long now, Outbox out) {
    current = out;
    frontDoor.onTick(now, out);
    routeRollout.onTick(now, byPeer.values(), ctx.config().routes(), out, this::arm);
    timerRuns += timers.advance(now, s -> runTimers(s, now, out));
  }

  private void runTimers(ClientSession s, long now, Outbox out) {
    try {
      s.onTick(now, out);
      timers.schedule(s.timer, s.nextDeadline());
    } catch (RuntimeException e) {
      // as onPacket: a bug in one session's timers ends that session, not everyone's timers
      log.error("internal error in the timers of {}; closing it", s, e);
      s.close(CloseCause.INTERNAL_ERROR, "internal error: " + e, out);
    }
  }

  /**
   * After anything that may have brought {@code s}'s next deadline forward: moves its timer there.
   * A deadline that moved later is left to fire early; the session then schedules the true one.
   */
  private void arm(ClientSession s) {
    if (!s.isClosed()) {
      timers.scheduleIfEarlier(s.timer, s.nextDeadline());
    }
  }

  /** Session timers run so far: what ticks cost, for tests and benchmarks. */
  public long timerRuns() {
    return timerRuns;
  }

  /**
   * The revocation lists changed: ends, within this call, every session whose certificate chain the
   * predicate now refuses, and every tls-crypt-v2 session whose client key the (reloaded) policy
   * now refuses.
   */
  public void closeRevoked(
      java.util.function.Predicate<List<java.security.cert.X509Certificate>> revoked,
      long now,
      Outbox out) {
    current = out;
    for (ClientSession s : new ArrayList<>(byPeer.values())) {
      var chain = s.presented.certificateChain();
      if (!chain.isEmpty() && revoked.test(chain)) {
        s.revoke("certificate revoked", now, out);
        arm(s);
        continue;
      }
      String keyRefusal = ClientKeys.refusal(ctx, s.keyMetadata, now);
      if (keyRefusal != null) {
        s.revoke("tls-crypt-v2 " + keyRefusal.replace("the client key", "client key"), now, out);
        arm(s);
      }
    }
  }

  /**
   * The learned routes are now {@code routes} ({@code route} options): new sessions get them in
   * their PUSH_REPLY at once, connected ones from the next {@link #onTick} on (see {@link
   * RouteRollout}).
   */
  public void learnedRoutes(List<String> routes) {
    if (!routes.equals(learnedRoutes)) {
      learnedRoutes = List.copyOf(routes);
      routeRollout.changed();
    }
  }

  @Override
  public List<String> learnedRoutes() {
    return learnedRoutes;
  }

  /** A stream peer went away (TCP connection closed). */
  public void onPeerGone(Peer peer, Outbox out) {
    ClientSession s = byPeer.get(peer);
    if (s != null) {
      s.close(CloseCause.CLIENT_EXIT, "connection closed by client", out);
    } else {
      frontDoor.onStreamGone(peer);
    }
  }

  /**
   * Starts draining: from now on no new session is admitted, every admitted client is told to
   * reconnect to the next server of its list, and sessions still logging in are ended.
   *
   * @return how many clients were told
   */
  public int drain(long now, Outbox out) {
    current = out;
    frontDoor.drain();
    int told = 0;
    for (ClientSession s : new ArrayList<>(byPeer.values())) {
      if (s.isAdmitted()) {
        s.moveOn(now, out);
        arm(s);
        told++;
      } else {
        s.close(CloseCause.DRAIN, "gateway draining", out);
      }
    }
    log.info("draining: {} client(s) told to move to another server", told);
    return told;
  }

  /** Gateway shutdown: tell every client to reconnect, then end all sessions. */
  public void shutdown(long now, Outbox out) {
    for (ClientSession s : new ArrayList<>(byPeer.values())) {
      s.sendRestart(now, out);
    }
    for (ClientSession s : new ArrayList<>(byPeer.values())) {
      s.close(CloseCause.SHUTDOWN, "gateway shutting down", out);
    }
  }

  /**
   * Where finished work goes: {@code owner} is called, on the thread that finished it, with every
   * login and TLS job that finished, and must hand it back to {@link #complete} on the owner's
   * thread, later (never from within the call that gave it: a login may finish within the packet
   * that started it).
   */
  public void onCompletion(java.util.function.Consumer<Completion> owner) {
    this.completions = owner;
  }

  /**
   * Runs the TLS handshakes' work (signatures, key agreement, certificate checks) on {@code
   * workers} from now on, so that one client's handshake does not hold up every other client; each
   * job comes back as a {@link Completion}. Without it the work runs within the call that brought
   * the input.
   */
  public void runTlsOn(java.util.concurrent.Executor workers) {
    this.tlsWorkers = workers;
  }

  @Override
  public void authFinished(
      ClientSession session, AuthResult result, org.p2sgate.core.config.ClientConfig config) {
    completions.accept(new Completion.Login(session, result, config));
  }

  /**
   * Reads client-config-dir files with {@code reader} from now on (off this thread if it blocks).
   */
  public void readClientConfigsWith(ClientConfigReader reader) {
    this.clientConfigs = reader;
  }

  @Override
  public ClientConfigReader clientConfigs() {
    return clientConfigs;
  }

  @Override
  public boolean offloadTls(ClientSession session, KeyState key, TlsJob job) {
    java.util.concurrent.Executor workers = tlsWorkers;
    if (workers == null) {
      return false;
    }
    workers.execute(
        () -> {
          try {
            job.run();
          } finally {
            completions.accept(new Completion.Tls(session, key, job));
          }
        });
    return true;
  }

  /**
   * Acts on finished work, on the owner's thread: a login's result (push the options, or refuse the
   * client), a TLS job's output.
   */
  public void complete(Completion done, long now, Outbox out) {
    current = out;
    ClientSession s = done.session();
    try {
      switch (done) {
        case Completion.Login l -> {
          if (s.isClosed()) {
            WebAuth.discard(l.result());
            return;
          }
          s.messages.onAuthResult(l.result(), l.config(), now);
          s.control.flush(now, out);
        }
        case Completion.Tls t -> s.control.onTlsDone(t.key(), t.job(), now, out);
      }
      arm(s);
    } catch (RuntimeException e) {
      log.error("internal error on finished work of {}; closing it", s, e);
      s.close(CloseCause.INTERNAL_ERROR, "internal error: " + e, out);
    }
  }

  @Override
  public Admission admit(ClientSession s, LoginRecord login, Runnable retry) {
    return admissions.admit(ctx, s, login, retry, current);
  }

  /** Sessions and TCP connections not yet admitted. */
  public int pendingCount() {
    return frontDoor.pendingCount();
  }

  @Override
  public void closed(ClientSession s, CloseCause cause, String detail) {
    timers.cancel(s.timer);
    byPeer.remove(s.peer, s);
    frontDoor.releaseSlot(s);
    byPeerId.release(s.peerId, s);
    if (s.tunnelAddress != null && byAddress.remove(s.tunnelAddressInt, s)) {
      shards.disown(ctx.pool().offsetOf(s.tunnelAddressInt), shard);
      ctx.pool().release(s.tunnelAddress);
      shards.closed(s, s.commonName(), s.login().tokenSession());
    }
    shards.unfloat(s.peer, shard);
    SessionEvents.event(log.atInfo(), "disconnect", s)
        .addKeyValue("cause", cause.label())
        .addKeyValue("reason", org.p2sgate.core.observe.LogText.printable(detail))
        .addKeyValue("admitted", s.login().established())
        .addKeyValue("bytes_in", s.data.bytesIn)
        .addKeyValue("bytes_out", s.data.bytesOut)
        .addKeyValue(
            "duration_ms", s.login().established() ? s.lastRxMs - s.login().establishedAt() : 0)
        .setMessage("{}: session closed: {} ({})")
        .addArgument(s)
        .addArgument(detail)
        .addArgument(cause.label())
        .log();
  }

  @Override
  public ClientSession byTunnelAddress(int address) {
    return byAddress.get(address);
  }

  @Override
  public ClientSession byTunnelAddress6(byte[] buf, int off) {
    return pool6 == null ? null : byAddress.atOffset(pool6.offsetOf(buf, off));
  }

  /** What the operator sees of every admitted session, now. */
  public List<SessionInfo> snapshot() {
    List<SessionInfo> out = new ArrayList<>();
    for (ClientSession s : byPeer.values()) {
      if (s.isAdmitted() && !s.isClosing()) {
        out.add(SessionInfo.of(s));
      }
    }
    return out;
  }

  /**
   * Ends the admitted sessions {@code which} selects: each client is told to reconnect, or with
   * {@code reconnect} false to stop; their addresses are freed as they close.
   *
   * @return how many sessions were told
   */
  public int disconnect(
      java.util.function.Predicate<SessionInfo> which, boolean reconnect, long now, Outbox out) {
    current = out;
    int n = 0;
    for (ClientSession s : new ArrayList<>(byPeer.values())) {
      if (s.isAdmitted() && !s.isClosing() && which.test(SessionInfo.of(s))) {
        log.info("{}: disconnected by the operator ({})", s, reconnect ? "RESTART" : "HALT");
        s.disconnect(reconnect, now, out);
        arm(s);
        n++;
      }
    }
    return n;
  }

  /** Live sessions (a copy). */
  public List<ClientSession> sessions() {
    return new ArrayList<>(byPeer.values());
  }

  public int sessionCount() {
    return byPeer.size();
  }
}
