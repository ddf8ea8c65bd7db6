package org.p2sgate.core.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.cert.CertificateAuthenticator;
import org.p2sgate.auth.cert.IdentitySource;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.control.ControlWraps;
import org.p2sgate.core.control.StaticKey;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.session.Shards;
import org.p2sgate.core.tls.PeerVerifier;
import org.p2sgate.core.tls.ServerCredentials;

/**
 * A {@link SessionManager} built as {@code GatewayServer} builds it, with a {@link
 * RecordingOutbox}, a test PKI, any number of {@link TestOpenVpnClient}s on {@link TestPeer}s, and
 * a deterministic scheduler: {@link #exchange()} moves packets both ways until nothing moves,
 * {@link #step} also advances time and runs the gateway's timers, {@link #runUntil} steps until a
 * condition holds within a time budget. Packet loss in both directions comes from a seeded {@link
 * Random}.
 *
 * <p>With {@link Builder#tables} several session tables share one {@link Shards}, as the server's
 * shards do: each peer's packets go to the table {@link #routeTo} chose for it (by default its port
 * modulo the tables, as the kernel's SO_REUSEPORT hash keeps a client on one socket), and the work
 * tables hand each other runs within {@link #exchange()}.
 */
public final class TestGateway {
  /** Start of test time: any value works, a realistic one keeps replay times plausible. */
  public static final long T0 = 1_700_000_000_000L;

  /** Default scheduler step. */
  public static final long STEP_MS = 100;

  private static final int MAX_ROUNDS = 10_000;

  public final TestPki pki;
  public final ServerConfig config;
  public final GatewayContext ctx;

  /** The first table (the only one unless {@link Builder#tables} asked for more). */
  public final SessionManager sessions;

  /** Every table, in order. */
  public final List<SessionManager> tables;

  public final Shards shards;
  public final RecordingOutbox out = new RecordingOutbox();

  /** Which table each peer's packets reach, where a test chose ({@link #routeTo}). */
  private final Map<org.p2sgate.core.session.Peer, Integer> routes = new java.util.HashMap<>();

  /** Work a table handed to another, not yet run. */
  private final java.util.ArrayDeque<Runnable> handedOver = new java.util.ArrayDeque<>();

  private final Map<TestPeer, TestOpenVpnClient> clients = new LinkedHashMap<>();
  private long now = T0;
  private double loss;
  private Random lossRandom = new Random(0);
  private BiConsumer<TestPeer, byte[]> clientTap = (p, b) -> {};
  private BiConsumer<org.p2sgate.core.session.Peer, byte[]> gatewayTap = (p, b) -> {};
  private long delivered;
  private long lost;

  /** TLS jobs the gateway handed to its "worker" ({@link #tlsOnWorker}), oldest first. */
  private final java.util.ArrayDeque<Runnable> tlsJobs = new java.util.ArrayDeque<>();

  private boolean tlsJobsHeld;

  /** Logins and TLS jobs that finished (possibly on another thread), for the gateway to act on. */
  private final java.util.Queue<Map.Entry<SessionManager, org.p2sgate.core.session.Completion>>
      finished = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private TestGateway(
      TestPki pki,
      ServerConfig config,
      Authenticator authenticator,
      org.p2sgate.core.observe.SessionListener listener,
      boolean noClientCertificates,
      RevocationList revocations,
      org.p2sgate.auth.token.AuthTokens tokens,
      org.p2sgate.core.observe.Telemetry telemetry,
      int tableCount) {
    this.pki = pki;
    this.config = config;
    GatewayContext base = context(config, revocations);
    this.ctx =
        authenticator == null
                && listener == null
                && !noClientCertificates
                && tokens == null
                && telemetry == null
            ? base
            : new GatewayContext(
                base.config(),
                base.wrap(),
                base.credentials(),
                noClientCertificates
                    ? base.verifier().withClientCertMode(org.p2sgate.core.tls.ClientCertMode.NONE)
                    : base.verifier(),
                base.pool(),
                base.drops(),
                base.random(),
                authenticator == null ? base.authenticator() : authenticator,
                listener == null ? org.p2sgate.core.observe.SessionListener.NONE : listener,
                tokens,
                telemetry == null ? base.telemetry() : telemetry,
                base.traffic());
    if (tableCount == 1) {
      this.shards = Shards.single(ctx);
      this.tables = List.of(new SessionManager(ctx, now));
    } else {
      List<SessionManager> made = new ArrayList<>();
      this.shards =
          new Shards(
              ctx, tableCount, (t, task) -> handedOver.add(() -> task.run(made.get(t), now, out)));
      for (int i = 0; i < tableCount; i++) {
        // each table its own control-channel wrap, as each server shard has
        GatewayContext mine = i == 0 ? ctx : ctx.withWrap(ControlWraps.forServer(config.tlsWrap()));
        made.add(new SessionManager(mine, now, shards, i));
      }
      this.tables = List.copyOf(made);
    }
    this.sessions = tables.get(0);
    for (SessionManager t : tables) {
      t.onCompletion(done -> finished.add(java.util.Map.entry(t, done)));
    }
  }

  /** {@code peer}'s packets reach table {@code table} from now on (as a socket's hash would). */
  public void routeTo(org.p2sgate.core.session.Peer peer, int table) {
    routes.put(peer, table);
  }

  /**
   * An IP packet from the TUN device at {@code buf[off, off+len)}, to the table that owns its
   * destination, as the server's TUN readers hand it over.
   */
  public void fromTun(byte[] buf, int off, int len) {
    tables.get(shards.ownerOfPacket(buf, off, len)).onTunPacket(buf, off, len, now, out);
  }

  /** The table {@code peer}'s packets reach. */
  public SessionManager tableOf(org.p2sgate.core.session.Peer peer) {
    Integer t = routes.get(peer);
    if (t == null) {
      t = peer instanceof TestPeer p ? Math.floorMod(p.port(), tables.size()) : 0;
    }
    return tables.get(t);
  }

  /** The gateway's context as {@code GatewayServer.context} makes it, with a seeded random. */
  static GatewayContext context(ServerConfig config, RevocationList revocations) {
    try {
      ServerCredentials creds = ServerCredentials.load(config.certPem(), config.keyPem());
      TrustStore trust = TrustStore.of(TrustStore.parsePem(config.caPem()));
      PeerVerifier verifier =
          PeerVerifier.checking(
              new CertificateAuthenticator(
                  trust,
                  revocations != null ? revocations : RevocationList.none(trust),
                  IdentitySource.COMMON_NAME,
                  Clock.systemUTC()));
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(42);
      return new GatewayContext(
          config,
          ControlWraps.forServer(config.tlsWrap()),
          creds,
          verifier,
          new IpPool(config.poolNetwork(), config.poolPrefix()),
          new DropCounters(),
          random);
    } catch (java.io.IOException | CertificateException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot build the gateway context", e);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  // ------------------------------------------------------------------ clients

  /** A client config for this gateway: a new certificate from its CA, its wrapping and proto. */
  public TestClientConfig clientConfig(String cn) {
    return TestClientConfig.of(pki.client(cn), pki.ca().cert())
        .withWrap(config.tlsWrap())
        .withSeed(cn.hashCode());
  }

  /** Starts {@code cfg} on {@code peer}: its hard reset is queued, nothing is sent yet. */
  public TestOpenVpnClient connect(TestPeer peer, TestClientConfig cfg) {
    TestOpenVpnClient c = new TestOpenVpnClient(cfg.withTcp(peer.stream()), now).start(now);
    clients.put(peer, c);
    return c;
  }

  /** Stops pumping for {@code peer} (the client vanished without a word). */
  public void disconnect(TestPeer peer) {
    clients.remove(peer);
  }

  /** The client on {@code from} now sends from {@code to} (NAT rebinding: the client floats). */
  public void move(TestPeer from, TestPeer to) {
    TestOpenVpnClient c = clients.remove(from);
    if (c == null) {
      throw new IllegalArgumentException("no client on " + from);
    }
    clients.put(to, c);
  }

  /** Runs a client to PUSH_REPLY and data keys; fails if that takes more than 30 s of test time. */
  public TestOpenVpnClient establish(TestPeer peer, TestClientConfig cfg) {
    return establish(peer, connect(peer, cfg));
  }

  /**
   * Connects a client made by the test (e.g. with a tls-crypt-v2 key; its config's transport must
   * be {@code peer}'s) and runs until its tunnel is up.
   */
  public TestOpenVpnClient establish(TestPeer peer, TestOpenVpnClient c) {
    clients.put(peer, c.start(now));
    if (!runUntil(c::isConnected, 30_000)) {
      throw new AssertionError("no tunnel within 30 s: " + c + ", drops " + ctx.drops().snapshot());
    }
    return c;
  }

  // ------------------------------------------------------------------ scheduling

  /**
   * From now on the gateway hands TLS handshake work to a worker, as the server does: here a queue,
   * run at every exchange round, or with {@code held} only when the test calls {@link #runTlsJobs}.
   */
  public TestGateway tlsOnWorker(boolean held) {
    for (SessionManager t : tables) {
      t.runTlsOn(tlsJobs::add);
    }
    tlsJobsHeld = held;
    return this;
  }

  /** Runs the queued TLS jobs, then lets the gateway act on them; returns how many ran. */
  public int runTlsJobs() {
    int n = 0;
    for (Runnable job; (job = tlsJobs.poll()) != null; n++) {
      job.run();
    }
    completeFinished();
    return n;
  }

  /** Hands finished logins and TLS jobs back to the gateway; returns how many. */
  private int completeFinished() {
    int n = 0;
    for (Map.Entry<SessionManager, org.p2sgate.core.session.Completion> done;
        (done = finished.poll()) != null;
        n++) {
      done.getKey().complete(done.getValue(), now, out);
    }
    for (Runnable task; (task = handedOver.poll()) != null; n++) {
      task.run();
    }
    return n;
  }

  /** TLS jobs waiting for the worker. */
  public int tlsJobsQueued() {
    return tlsJobs.size();
  }

  /** Moves packets both ways, with loss, until none moves. Time does not advance. */
  public void exchange() {
    for (int round = 0; round < MAX_ROUNDS; round++) {
      boolean moved = completeFinished() > 0;
      if (!tlsJobsHeld && runTlsJobs() > 0) {
        moved = true;
      }
      for (Map.Entry<TestPeer, TestOpenVpnClient> e : new ArrayList<>(clients.entrySet())) {
        for (byte[] p : e.getValue().poll(now)) {
          moved = true;
          clientTap.accept(e.getKey(), p);
          if (!drop()) {
            tableOf(e.getKey()).onPacket(e.getKey(), p, 0, p.length, now, out);
          }
        }
      }
      for (var peer : out.peersWithPackets()) {
        List<byte[]> packets = out.takeFor(peer);
        TestOpenVpnClient c = clients.get(peer);
        for (byte[] p : packets) {
          moved = true;
          gatewayTap.accept(peer, p);
          if (c != null && !drop()) {
            c.onPacket(p, now);
          }
        }
      }
      if (!moved) {
        return;
      }
    }
    throw new AssertionError("packets still moving after " + MAX_ROUNDS + " rounds");
  }

  private boolean drop() {
    if (loss > 0 && lossRandom.nextDouble() < loss) {
      lost++;
      return true;
    }
    delivered++;
    return false;
  }

  /** Exchanges, advances time by {@code ms}, runs the gateway's timers, exchanges again. */
  public void step(long ms) {
    exchange();
    now += ms;
    for (SessionManager t : tables) {
      t.onTick(now, out);
    }
    exchange();
  }

  /**
   * Steps by {@link #STEP_MS} until {@code condition} holds, at most {@code budgetMs} of test time.
   *
   * @return whether the condition holds
   */
  public boolean runUntil(BooleanSupplier condition, long budgetMs) {
    long end = now + budgetMs;
    exchange();
    while (!condition.getAsBoolean()) {
      if (now >= end) {
        return false;
      }
      step(STEP_MS);
    }
    return true;
  }

  /** Steps through {@code ms} of test time. */
  public void advance(long ms) {
    long end = now + ms;
    while (now < end) {
      step(Math.min(STEP_MS, end - now));
    }
  }

  /** Drops each packet in either direction with probability {@code p}, decided by {@code seed}. */
  public void loss(double p, long seed) {
    this.loss = p;
    this.lossRandom = new Random(seed);
  }

  /** Sees every packet a client sends, before loss. */
  public void tapClients(BiConsumer<TestPeer, byte[]> tap) {
    this.clientTap = tap;
  }

  /** Sees every packet the gateway sends to a peer, before loss. */
  public void tapGateway(BiConsumer<org.p2sgate.core.session.Peer, byte[]> tap) {
    this.gatewayTap = tap;
  }

  public long now() {
    return now;
  }

  public DropCounters drops() {
    return ctx.drops();
  }

  public long packetsLost() {
    return lost;
  }

  public long packetsDelivered() {
    return delivered;
  }

  /** A static key (tls-auth / tls-crypt) from a seed. */
  public static StaticKey staticKey(long seed) {
    byte[] k = new byte[StaticKey.SIZE];
    new Random(seed).nextBytes(k);
    return StaticKey.of(k);
  }

  public static Inet4Address ip(String dotted) {
    try {
      return (Inet4Address) InetAddress.getByName(dotted);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(dotted, e);
    }
  }

  public static java.net.Inet6Address ip6(String literal) {
    try {
      return (java.net.Inet6Address) InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }

  /** Builds a gateway: the defaults are those of the interop tests (DevServe). */
  public static final class Builder {
    private Authenticator authenticator;
    private org.p2sgate.core.observe.SessionListener listener;
    private boolean noClientCertificates;
    private Map<String, String> clientConfigs;
    private boolean ccdExclusive;

    private TestPki pki;
    private TlsWrapConfig wrap = TlsWrapConfig.NONE;
    private List<String> ciphers = List.of("AES-256-GCM", "AES-128-GCM", "CHACHA20-POLY1305");
    private List<String> push = List.of();
    private Duration ping = Duration.ofSeconds(10);
    private Duration pingRestart = Duration.ofSeconds(60);
    private Duration renegSec = Duration.ZERO;
    private Duration handWindow = Duration.ofSeconds(60);
    private int maxClients = 1024;
    private int maxPendingLogins = 1024;
    private RevocationList revocations;
    private org.p2sgate.auth.token.AuthTokens tokens;
    private org.p2sgate.core.observe.Telemetry telemetry;
    private int maxPendingPerSource = 32;
    private org.p2sgate.core.config.ConnectRate connectRate =
        org.p2sgate.core.config.ConnectRate.DEFAULT;
    private boolean clientToClient;
    private int serverCertDnsNames;
    private boolean explicitExitNotify = true;
    private String tlsVersionMin = "1.2";
    private org.p2sgate.core.config.AccessPolicy access;
    private org.p2sgate.core.config.Ipv6Network pool6;
    private ServerConfig.Transports transports = ServerConfig.Transports.UDP_AND_TCP;

    private org.p2sgate.core.config.RouteSettings routes;
    private int tables = 1;

    /** {@code n} session tables sharing admission and limits, as a server with n shards. */
    public Builder tables(int n) {
      this.tables = n;
      return this;
    }

    /** Learned routes from a kernel table ({@code routes.from-kernel}). */
    public Builder routes(org.p2sgate.core.config.RouteSettings r) {
      this.routes = r;
      return this;
    }

    /** A client-config-dir holding {@code files} (file name to text), read at each login. */
    public Builder clientConfigs(Map<String, String> files, boolean exclusive) {
      this.clientConfigs = files;
      this.ccdExclusive = exclusive;
      return this;
    }

    public Builder pki(TestPki p) {
      this.pki = p;
      return this;
    }

    /** tls-auth (server key direction 0) or tls-crypt with a random static key, or none. */
    public Builder wrap(TlsWrapConfig.Mode mode, long keySeed) {
      if (mode == TlsWrapConfig.Mode.NONE) {
        this.wrap = TlsWrapConfig.NONE;
        return this;
      }
      int dir = mode == TlsWrapConfig.Mode.TLS_AUTH ? 0 : -1;
      this.wrap = new TlsWrapConfig(mode, staticKey(keySeed), dir, "SHA1");
      return this;
    }

    public Builder wrap(TlsWrapConfig w) {
      this.wrap = w;
      return this;
    }

    public Builder ciphers(List<String> c) {
      this.ciphers = c;
      return this;
    }

    public Builder push(List<String> p) {
      this.push = p;
      return this;
    }

    public Builder keepalive(Duration pingInterval, Duration restart) {
      this.ping = pingInterval;
      this.pingRestart = restart;
      return this;
    }

    public Builder renegSec(Duration d) {
      this.renegSec = d;
      return this;
    }

    public Builder handWindow(Duration d) {
      this.handWindow = d;
      return this;
    }

    /** Pads the server certificate with subjectAltNames so its TLS flight spans packets. */
    public Builder serverCertDnsNames(int n) {
      this.serverCertDnsNames = n;
      return this;
    }

    /** ServerConfig.explicitExitNotify: whether clients are told to reconnect on shutdown. */
    public Builder explicitExitNotify(boolean on) {
      this.explicitExitNotify = on;
      return this;
    }

    public Builder clientToClient(boolean on) {
      this.clientToClient = on;
      return this;
    }

    public Builder pendingLimits(int total, int perSource) {
      this.maxPendingLogins = total;
      this.maxPendingPerSource = perSource;
      return this;
    }

    public Builder connectRate(org.p2sgate.core.config.ConnectRate r) {
      this.connectRate = r;
      return this;
    }

    public Builder maxClients(int n) {
      this.maxClients = n;
      return this;
    }

    /** The authentication the gateway runs after the TLS handshake (default: certificate). */
    /** The handshake asks no client certificate (policies of only radius or entra). */
    public Builder noClientCertificates() {
      this.noClientCertificates = true;
      return this;
    }

    /** Who hears about established, interim and ended sessions (accounting). */
    public Builder listener(org.p2sgate.core.observe.SessionListener l) {
      this.listener = l;
      return this;
    }

    public Builder authenticator(Authenticator a) {
      this.authenticator = a;
      return this;
    }

    /** Tells {@code t} about handshakes, logins, renegotiations and sessions. */
    public Builder telemetry(org.p2sgate.core.observe.Telemetry t) {
      this.telemetry = t;
      return this;
    }

    /** Pushes auth-tokens made by {@code t} after full logins (the authenticator checks them). */
    public Builder tokens(org.p2sgate.auth.token.AuthTokens t) {
      this.tokens = t;
      return this;
    }

    /** Revocation lists the handshake (and {@code closeRevoked}) check. */
    public Builder revocations(RevocationList r) {
      this.revocations = r;
      return this;
    }

    /** Access groups: who may reach what. */
    public Builder access(org.p2sgate.core.config.AccessPolicy a) {
      this.access = a;
      return this;
    }

    /** The IPv6 tunnel network, e.g. {@code fd00:8::/64}. */
    public Builder pool6(String network, int prefix) {
      this.pool6 = new org.p2sgate.core.config.Ipv6Network(ip6(network), prefix);
      return this;
    }

    public Builder tlsVersionMin(String v) {
      this.tlsVersionMin = v;
      return this;
    }

    public TestGateway build() {
      TestPki p = pki != null ? pki : TestPki.create("test-ca");
      TestPki.Credential server = p.server("gateway", serverCertDnsNames);
      ServerConfig c =
          new ServerConfig(
              null,
              1194,
              transports,
              "tun-test",
              1500,
              ip("10.8.0.0"),
              24,
              push,
              ping,
              pingRestart,
              ciphers,
              null,
              p.caPem(),
              server.certPem(),
              server.keyPem(),
              wrap,
              clientToClient,
              false,
              maxClients,
              maxPendingLogins,
              maxPendingPerSource,
              connectRate,
              renegSec,
              handWindow,
              tlsVersionMin,
              explicitExitNotify,
              0,
              4,
              null,
              null,
              ServerConfig.KeyDerivation.AUTO,
              List.of(),
              List.of(),
              org.p2sgate.core.config.AuthSettings.CERTIFICATE,
              null,
              null,
              null,
              ServerConfig.LogFormat.TEXT,
              null,
              clientConfigs == null
                  ? null
                  : new org.p2sgate.core.config.ClientConfigDir(
                      java.nio.file.Path.of("ccd"), ccdExclusive),
              routes,
              access,
              pool6,
              null);
      TestGateway gw =
          new TestGateway(
              p,
              c,
              authenticator,
              listener,
              noClientCertificates,
              revocations,
              tokens,
              telemetry,
              tables);
      if (clientConfigs != null) {
        Map<String, String> files = clientConfigs;
        gw.tables.forEach(
            t ->
                t.readClientConfigsWith(
                    (dir, name) -> {
                      try {
                        return java.util.concurrent.CompletableFuture.completedFuture(
                            dir.load(name, files::get));
                      } catch (org.p2sgate.core.config.ConfigException e) {
                        return java.util.concurrent.CompletableFuture.failedFuture(e);
                      }
                    }));
      }
      return gw;
    }
  }
}
