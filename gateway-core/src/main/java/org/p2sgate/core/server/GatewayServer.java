package org.p2sgate.core.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.core.admin.AdminApi;
import org.p2sgate.core.admin.AdminServer;
import org.p2sgate.core.admin.AdminToken;
import org.p2sgate.core.admin.GatewayControl;
import org.p2sgate.core.admin.HttpListener;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.metrics.GatewayMetrics;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.session.SessionInfo;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.transport.NettyOutbox;
import org.p2sgate.tun.TunDevice;
import org.p2sgate.tun.TunSpec;
import org.p2sgate.tun.linux.LinuxTun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway together. Threads: one Netty event loop owns every session (UDP socket, TCP
 * connections, timers, TUN writes); one thread reads the TUN device and hands batches to the loop.
 * Flow of a datagram: socket, {@code UdpHandler}, {@link SessionManager#onPacket}, session (unwrap,
 * TLS or decrypt in place), {@link NettyOutbox#toTun}, TUN device.
 */
public final class GatewayServer implements AutoCloseable, GatewayControl {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
  static final long TICK_MS = 100;

  /**
   * Outbound bytes queued per channel before the outbox drops instead of queueing more: a whole TUN
   * batch must fit below the low mark, and the high mark bounds memory per client.
   */
  static final io.netty.channel.WriteBufferWaterMark WATER_MARK =
      new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20);

  private volatile ServerConfig config;
  private final Contexts.Lasting lasting;
  private volatile org.p2sgate.core.config.ConfigSource source;
  private final Clock clock;
  private final DropCounters drops;
  private final org.p2sgate.core.ippool.IpPool pool;
  private final SessionManager sessions;
  private final TunDevice tun;
  private final NettyOutbox outbox;
  private final MultiThreadIoEventLoopGroup group;
  private final EventLoop loop;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final GatewayMetrics metrics;
  private final org.p2sgate.core.observe.BackendHealth health;
  private volatile boolean serving;
  private volatile boolean draining;
  private AdminServer admin;
  private org.p2sgate.core.sso.SignInServer signIn;
  private OperatorInterfaces operator;
  private final org.p2sgate.core.observe.TrafficCounters traffic;
  private final AtomicBoolean closing = new AtomicBoolean();
  private UdpListeners udp;
  private Channel tcpChannel;
  private Thread tunReader;
  private java.io.Closeable revocationWatch;
  private LearnedRouteFeed learnedRoutes;
  private PoolFile poolFile;

  /** The threads that run TLS handshakes, or {@code null}: on the event loop. */
  private java.util.concurrent.ExecutorService tlsWorkers;

  private GatewayServer(
      ServerConfig config,
      TunDevice tun,
      SessionManager sessions,
      Clock clock,
      Contexts.Lasting lasting) {
    this.config = config;
    this.lasting = lasting;
    this.health = lasting.health();
    this.drops = lasting.drops();
    this.pool = lasting.pool();
    this.metrics = lasting.metrics();
    this.traffic = lasting.traffic();
    this.tun = tun;
    this.sessions = sessions;
    this.clock = clock;
    this.outbox = new NettyOutbox(tun, drops);
    metrics.tun(tun);
    IoHandlerFactory io =
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(1, io);
    this.loop = group.next();
  }

  /** Starts listening; returns once the sockets are bound and the TUN device is up. */
  public static GatewayServer start(ServerConfig config) throws StartupException {
    return start(config, null);
  }

  /** As {@link #start(ServerConfig)}, with a given TUN device (tests) or {@code null} for Linux. */
  public static GatewayServer start(ServerConfig config, TunDevice givenTun)
      throws StartupException {
    Clock clock = Clock.systemUTC();
    TrustStore trust = Contexts.trustStore(config);
    RevocationList revocations = Contexts.revocations(config, trust);
    java.util.concurrent.atomic.AtomicReference<SessionManager> table =
        new java.util.concurrent.atomic.AtomicReference<>();
    Contexts.Lasting lasting =
        Contexts.lasting(config, () -> table.get() == null ? 0 : table.get().pendingCount());
    GatewayContext ctx = Contexts.context(config, clock, trust, revocations, lasting);
    TunDevice tun = givenTun != null ? givenTun : openTun(config, ctx.pool());
    table.set(new SessionManager(ctx, clock.millis()));
    GatewayServer server = new GatewayServer(config, tun, table.get(), clock, lasting);
    boolean ok = false;
    try {
      server.sessions.onCompletion(
          done ->
              server.loop.execute(
                  Guarded.task(
                      "a finished login or TLS job",
                      () -> {
                        server.sessions.complete(done, server.now(), server.outbox);
                        server.outbox.flush();
                      })));
      server.sessions.readClientConfigsWith(new ClientConfigFiles());
      server.tlsWorkers = TlsWorkers.start(TlsWorkers.configured());
      if (server.tlsWorkers != null) {
        server.sessions.runTlsOn(server.tlsWorkers);
      }
      server.watchRevocations(revocations);
      server.followLearnedRoutes();
      server.persistPool();
      // the admin API first: /healthz answers and /readyz says "not listening yet" during the
      // warm-up, and the API is up by the time clients can connect
      server.startAdmin();
      server.startSignIn();
      try {
        log.info("data channel AEAD: {}", org.p2sgate.core.crypto.Aeads.describe());
      } catch (IllegalStateException e) {
        throw new StartupException(e.getMessage(), e);
      }
      Warmup.runNow(ctx, clock);
      server.bind();
      server.startTunReader();
      server.serving = true;
      server.operator =
          OperatorInterfaces.start(
              config, server, server.traffic, ctx.pool().gatewayAddress().getHostAddress(), clock);
      server.loop.scheduleAtFixedRate(
          Guarded.task("the timer tick", server::tick), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
      ok = true;
      log.info(
          "p2sgate listening on {} port {} ({}), TUN {} {}/{}, transport {}",
          config.listenAddress() == null ? "*" : config.listenAddress().getHostAddress(),
          config.port(),
          config.transports(),
          tun.name(),
          ctx.pool().gatewayAddress().getHostAddress(),
          config.poolPrefix(),
          Epoll.isAvailable() ? "epoll" : "nio");
      return server;
    } finally {
      if (!ok) {
        server.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (server.tlsWorkers != null) {
          server.tlsWorkers.shutdownNow();
        }
        closeQuietly(tun);
      }
    }
  }

  private static TunDevice openTun(ServerConfig config, IpPool pool) throws StartupException {
    try {
      var net6 = config.pool6();
      return LinuxTun.create(
          new TunSpec(
              config.tunName(),
              config.tunMtu(),
              pool.gatewayAddress(),
              pool.prefix(),
              net6 == null ? null : net6.gateway(),
              net6 == null ? 0 : net6.prefix()));
    } catch (IOException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  private void bind() throws StartupException {
    InetSocketAddress addr =
        config.listenAddress() == null
            ? new InetSocketAddress(config.port())
            : new InetSocketAddress(config.listenAddress(), config.port());
    boolean epoll = Epoll.isAvailable();
    try {
      if (config.transports().udp()) {
        int max = UdpReceive.maxDatagram(config.tunMtu());
        Bootstrap b =
            UdpReceive.bootstrap(group, epoll, WATER_MARK, UdpHandler.forServer(this, max), max);
        udp = UdpListeners.bind(b, config.listenAddress(), config.port(), epoll);
      }
      if (config.transports().tcp()) {
        tcpChannel =
            new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new TcpInitializer(this))
                .bind(addr)
                .sync()
                .channel();
      }
    } catch (Exception e) {
      throw new StartupException(
          "cannot listen on " + addr + " (" + config.transports() + "): " + e.getMessage(), e);
    }
  }

  /** Follows the kernel table of {@code routes.from-kernel}, if set: its routes go to the loop. */
  private void followLearnedRoutes() throws StartupException {
    var settings = config.routes();
    if (settings == null) {
      return;
    }
    byte[] net = config.poolNetwork().getAddress();
    var pool =
        new org.p2sgate.tun.route.Ipv4Prefix(
            java.nio.ByteBuffer.wrap(net).getInt(), config.poolPrefix());
    try {
      learnedRoutes =
          LearnedRouteFeed.start(
              settings,
              pool,
              org.p2sgate.tun.linux.NetlinkRoutes::open,
              loop,
              routes -> sessions.learnedRoutes(routes));
    } catch (java.io.IOException e) {
      throw new StartupException("routes.from-kernel: " + e.getMessage(), e);
    }
    metrics.learnedRoutes(learnedRoutes::pushed);
  }

  /** Re-reads the revocation lists when they change and ends the sessions they now refuse. */
  private void watchRevocations(RevocationList revocations) {
    if (config.revokedThumbprints().isEmpty() && config.crlFiles().isEmpty()) {
      return;
    }
    revocationWatch =
        RevocationWatch.start(
            revocations,
            loop,
            revoked -> {
              sessions.closeRevoked(revoked, now(), outbox);
              outbox.flush();
            });
  }

  /** Restores the saved client addresses and saves changes every second, when configured. */
  private void persistPool() throws StartupException {
    if (config.poolPersist() == null) {
      return;
    }
    try {
      java.nio.file.Path dir = config.poolPersist().toAbsolutePath().getParent();
      if (dir != null) {
        java.nio.file.Files.createDirectories(dir);
      }
      poolFile = PoolFile.open(config.poolPersist(), pool);
    } catch (IOException | RuntimeException e) {
      throw new StartupException("pool-persist " + config.poolPersist() + ": " + e.getMessage(), e);
    }
    loop.scheduleWithFixedDelay(
        Guarded.task("saving client addresses", poolFile::saveIfChanged), 1, 1, TimeUnit.SECONDS);
  }

  /**
   * The browser sign-in listener, when {@code auth.sso} is configured: with its own certificate, or
   * the gateway's server certificate when none is given.
   */
  private void startSignIn() throws StartupException {
    var sso = config.auth().sso();
    if (sso == null || lasting.browserSignIn() == null) {
      return;
    }
    try {
      io.netty.handler.ssl.SslContext tls =
          sso.tlsCertPem() != null
              ? HttpListener.tls(sso.tlsCertPem(), sso.tlsKeyPem())
              : HttpListener.tls(config.certPem(), config.keyPem());
      signIn = org.p2sgate.core.sso.SignInServer.start(sso.listen(), tls, lasting.browserSignIn());
    } catch (IOException | RuntimeException e) {
      throw new StartupException("auth.sso listener: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("auth.sso listener: interrupted", e);
    }
  }

  /** The admin API, when configured: health, readiness, metrics, sessions. */
  private void startAdmin() throws StartupException {
    if (config.admin() == null) {
      return;
    }
    try {
      AdminToken token = AdminToken.load(config.admin().tokenFile());
      io.netty.handler.ssl.SslContext tls =
          config.admin().tls()
              ? HttpListener.tls(config.admin().tlsCertPem(), config.admin().tlsKeyPem())
              : null;
      admin =
          AdminServer.start(
              config.admin().listen(),
              new AdminApi(
                  this, token, org.p2sgate.core.admin.PkiProfileSource.of(() -> config, clock)),
              clock,
              tls);
    } catch (IOException | RuntimeException e) {
      throw new StartupException("admin API: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("admin API: interrupted", e);
    }
  }

  @Override
  public java.util.concurrent.CompletableFuture<java.util.List<SessionInfo>> sessions() {
    return onLoop(sessions::snapshot);
  }

  @Override
  public java.util.concurrent.CompletableFuture<Integer> disconnect(
      java.util.function.Predicate<SessionInfo> which, boolean reconnect) {
    return onLoop(
        () -> {
          int n = sessions.disconnect(which, reconnect, now(), outbox);
          outbox.flush();
          return n;
        });
  }

  /** Where {@link #reload()} reads the configuration from (the file the gateway started with). */
  public void reloadFrom(org.p2sgate.core.config.ConfigSource source) {
    this.source = source;
  }

  @Override
  public synchronized java.util.concurrent.CompletableFuture<String> reload() {
    Reload r;
    try {
      r = Reload.prepare(source, config, clock, lasting);
    } catch (org.p2sgate.core.admin.ReloadRefused e) {
      return refused(e);
    }
    r.warnings().forEach(log::warn);
    return onLoop(
        () -> {
          sessions.reconfigure(r.context());
          config = r.config();
          closeQuietly(revocationWatch);
          revocationWatch = null;
          watchRevocations(r.revocations());
          // a list that now names a connected client's certificate ends that session
          sessions.closeRevoked(r.revocations()::isRevoked, now(), outbox);
          outbox.flush();
          String done =
              "configuration reloaded: new logins use it, the "
                  + sessions.sessionCount()
                  + " connected sessions keep theirs";
          log.info(done);
          return done;
        });
  }

  private static <T> java.util.concurrent.CompletableFuture<T> refused(
      org.p2sgate.core.admin.ReloadRefused e) {
    log.warn(e.getMessage());
    return java.util.concurrent.CompletableFuture.failedFuture(e);
  }

  @Override
  public java.util.concurrent.CompletableFuture<java.util.Map<String, Object>> status() {
    return onLoop(
        () -> {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("sessions", sessions.sessionCount());
          m.put("pending", sessions.pendingCount());
          m.put("poolSize", pool.clientAddresses());
          m.put("poolInUse", pool.allocatedCount());
          java.util.Map<String, Long> dropped = new java.util.TreeMap<>();
          drops
              .snapshot()
              .forEach((r, n) -> dropped.put(r.name().toLowerCase(java.util.Locale.ROOT), n));
          m.put("drops", dropped);
          m.put("notReady", notReady());
          return m;
        });
  }

  /** Writes {@link #status()} and every session to the log, one line each (SIGUSR2). */
  public void logStatus() {
    sessions()
        .thenCombine(
            status(),
            (list, summary) -> {
              StatusLog.write(summary, list);
              return null;
            });
  }

  @Override
  public java.util.List<String> notReady() {
    java.util.List<String> why = new java.util.ArrayList<>();
    if (!serving) {
      why.add("not listening yet");
    }
    if (draining) {
      why.add("draining");
    }
    if (closing.get()) {
      why.add("stopping");
    }
    why.addAll(health.unavailable());
    return why;
  }

  @Override
  public java.util.concurrent.CompletableFuture<Integer> drain(java.time.Duration deadline) {
    long until = now() + deadline.toMillis();
    return onLoop(
        () -> {
          int told = sessions.drain(now(), outbox);
          outbox.flush();
          if (!draining) {
            draining = true;
            log.info(
                "draining: stopping when the last session ends, {} s at most",
                deadline.toSeconds());
            loop.scheduleWithFixedDelay(
                Guarded.task(
                    "the drain check",
                    () -> {
                      if ((sessions.sessionCount() == 0 || now() >= until) && !closing.get()) {
                        // close() waits for the loop: run it on a thread of its own
                        Thread t = new Thread(this::close, "p2sgate-drained");
                        t.start();
                      }
                    }),
                200,
                200,
                TimeUnit.MILLISECONDS);
          }
          return told;
        });
  }

  @Override
  public String metrics() {
    if (config.admin() != null && config.admin().sessionMetrics()) {
      try {
        metrics.sessions(sessions().get(2, TimeUnit.SECONDS));
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        log.warn("per-session metrics: no answer from the event loop: {}", e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return metrics.scrape();
  }

  private <T> java.util.concurrent.CompletableFuture<T> onLoop(
      java.util.function.Supplier<T> task) {
    java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
    try {
      loop.execute(
          () -> {
            try {
              f.complete(task.get());
            } catch (RuntimeException e) {
              f.completeExceptionally(e);
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  private void startTunReader() {
    TunReader reader =
        new TunReader(
            tun,
            loop,
            (bufs, sizes, n) -> {
              long now = now();
              for (int i = 0; i < n; i++) {
                sessions.onTunPacket(bufs[i], TunReader.HEADROOM, sizes[i], now, outbox);
              }
              outbox.flush();
            },
            drops);
    tunReader = new Thread(reader, "p2sgate-tun-reader");
    tunReader.setDaemon(true);
    tunReader.start();
  }

  long now() {
    return clock.millis();
  }

  SessionManager table() {
    return sessions;
  }

  NettyOutbox outbox() {
    return outbox;
  }

  EventLoop loop() {
    return loop;
  }

  DropCounters drops() {
    return drops;
  }

  private void tick() {
    sessions.onTick(now(), outbox);
    outbox.flush();
  }

  /** Blocks until {@link #close()} has finished. */
  public void awaitShutdown() throws InterruptedException {
    stopped.await();
  }

  /** Tells clients to reconnect, removes the TUN device and stops, within 5 s. Idempotent. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      log.info("p2sgate stopping: telling {} client(s) to reconnect", sessions.sessionCount());
      if (admin != null) {
        admin.close();
      }
      if (signIn != null) {
        signIn.close();
      }
      if (operator != null) {
        operator.close();
      }
      closeQuietly(revocationWatch);
      closeQuietly(learnedRoutes);
      loop.submit(
              () -> {
                sessions.shutdown(now(), outbox);
                outbox.flush();
              })
          .await(2, TimeUnit.SECONDS);
      Thread.sleep(200); // let the RESTART messages leave the socket
      if (udp != null) {
        udp.close();
      }
      if (tcpChannel != null) {
        tcpChannel.close().await(1, TimeUnit.SECONDS);
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(2, TimeUnit.SECONDS);
      if (tlsWorkers != null) {
        tlsWorkers.shutdownNow(); // handshakes still running belong to sessions now gone
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (poolFile != null) {
        poolFile.close();
      }
      closeQuietly(tun);
      log.info("p2sgate stopped; drops: {}", drops.snapshot());
      stopped.countDown();
    }
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException e) {
      log.warn("closing {}: {}", c, e.getMessage());
    }
  }
}
