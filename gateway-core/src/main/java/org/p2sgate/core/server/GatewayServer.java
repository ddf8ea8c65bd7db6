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
import org.p2sgate.core.admin.HttpListener;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.metrics.GatewayMetrics;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.session.SessionManager;
import org.p2sgate.core.session.Shards;
import org.p2sgate.core.transport.NettyOutbox;
import org.p2sgate.tun.TunDevice;
import org.p2sgate.tun.TunSpec;
import org.p2sgate.tun.linux.LinuxTun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the gateway together. Threads: one Netty event loop per shard ({@link Shard}, {@value
 * #THREADS_PROPERTY}, one per core by default), each owning its session table (its UDP sockets, the
 * TCP connections it was given, its timers, its TUN writes); a reader per TUN queue hands each
 * packet to the shard that owns its destination. Flow of a datagram: socket, {@code UdpHandler},
 * {@link SessionManager#onPacket}, session (unwrap, TLS or decrypt in place), {@link
 * NettyOutbox#toTun}, TUN device. Gateway-wide work (pool saving, the drain check, learned routes,
 * revocation) runs on the first shard's loop and reaches the others as tasks. What operators do to
 * it (the admin API, signals, the management interface) is {@link Operations}.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);
  static final long TICK_MS = 100;

  /** Data-path threads, one session table each (decision 35): {@code -Dp2sgate.data.threads}. */
  static final String THREADS_PROPERTY = "p2sgate.data.threads";

  /**
   * Outbound bytes queued per channel before the outbox drops instead of queueing more: a whole TUN
   * batch must fit below the low mark, and the high mark bounds memory per client.
   */
  static final io.netty.channel.WriteBufferWaterMark WATER_MARK =
      new io.netty.channel.WriteBufferWaterMark(1 << 20, 4 << 20);

  private final ServerConfig config;
  private final Contexts.Lasting lasting;
  private final Clock clock;
  private final DropCounters drops;
  private final org.p2sgate.core.ippool.IpPool pool;
  private final ShardSet shards;
  private final TunDevice tun;
  private final MultiThreadIoEventLoopGroup group;

  /** The first shard's loop: gateway-wide scheduled work. */
  private final EventLoop loop;

  private final CountDownLatch stopped = new CountDownLatch(1);
  private final GatewayMetrics metrics;
  private final Operations operations;
  private AdminServer admin;
  private org.p2sgate.core.sso.SignInServer signIn;
  private OperatorInterfaces operator;
  private final org.p2sgate.core.observe.TrafficCounters traffic;
  private final AtomicBoolean closing = new AtomicBoolean();
  private Channel tcpChannel;
  private LearnedRouteFeed learnedRoutes;
  private PoolFile poolFile;

  /** The threads that run TLS handshakes, or {@code null}: on the event loop. */
  private java.util.concurrent.ExecutorService tlsWorkers;

  private GatewayServer(
      ServerConfig config,
      TunDevice tun,
      GatewayContext ctx,
      int threads,
      Clock clock,
      Contexts.Lasting lasting) {
    this.config = config;
    this.lasting = lasting;
    this.drops = lasting.drops();
    this.pool = lasting.pool();
    this.metrics = lasting.metrics();
    this.traffic = lasting.traffic();
    this.tun = tun;
    this.clock = clock;
    metrics.tun(tun);
    IoHandlerFactory io =
        Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, io);
    this.shards = new ShardSet(group, ctx, config, tun, drops, clock);
    this.loop = shards.first().loop;
    // a racy read of each table's size from the scrape's thread: a gauge needs no more
    metrics.dataPath(threads, t -> shards.all()[t].table.sessionCount());
    this.operations = new Operations(config, shards, lasting, clock, closing::get, this::close);
  }

  /** Data-path threads at most when none are asked for: the TUN side has one reader. */
  static final int AUTO_THREADS_MAX = 8;

  /**
   * The data-path threads asked for ({@value #THREADS_PROPERTY}: a number, or {@code auto}, the
   * default: one per core, at most {@value #AUTO_THREADS_MAX}); one without epoll.
   */
  static int threads() throws StartupException {
    String value = System.getProperty(THREADS_PROPERTY, "auto").trim();
    int n;
    if (value.equals("auto")) {
      n = Math.min(Runtime.getRuntime().availableProcessors(), AUTO_THREADS_MAX);
    } else {
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        n = -1;
      }
    }
    if (n < 1 || n > 64) {
      throw new StartupException(
          "-D" + THREADS_PROPERTY + "=" + value + ": auto, or a number of threads from 1 to 64");
    }
    if (n > 1 && !Epoll.isAvailable()) {
      log.warn("{}={}: without epoll (SO_REUSEPORT) the data path runs on one thread", value, n);
      return 1;
    }
    return n;
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
    int threads = threads();
    java.util.concurrent.atomic.AtomicReference<Shards> tables =
        new java.util.concurrent.atomic.AtomicReference<>();
    Contexts.Lasting lasting =
        Contexts.lasting(config, () -> tables.get() == null ? 0 : tables.get().pendingCount());
    GatewayContext ctx = Contexts.context(config, clock, trust, revocations, lasting);
    TunDevice tun = givenTun != null ? givenTun : openTun(config, ctx.pool(), threads);
    GatewayServer server = new GatewayServer(config, tun, ctx, threads, clock, lasting);
    tables.set(server.shards.shared());
    boolean ok = false;
    try {
      server.tlsWorkers = TlsWorkers.start(TlsWorkers.configured());
      ClientConfigFiles clientConfigs = new ClientConfigFiles();
      for (Shard shard : server.shards.all()) {
        shard.completeOnLoop(server.tlsWorkers);
        shard.table.readClientConfigsWith(clientConfigs);
      }
      server.operations.watchRevocations(revocations);
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
      Warmup.runNow(ctx, clock, server.tlsWorkers);
      server.bind();
      server.startTunReaders();
      server.operations.serving();
      server.operator =
          OperatorInterfaces.start(
              config,
              server.operations,
              server.traffic,
              ctx.pool().gatewayAddress().getHostAddress(),
              clock);
      for (Shard shard : server.shards.all()) {
        shard.loop.scheduleAtFixedRate(
            Guarded.task("the timer tick", () -> tick(shard)),
            TICK_MS,
            TICK_MS,
            TimeUnit.MILLISECONDS);
      }
      ok = true;
      log.info(
          "p2sgate listening on {} port {} ({}), TUN {} {}/{}, transport {}, {} data-path"
              + " thread(s)",
          config.listenAddress() == null ? "*" : config.listenAddress().getHostAddress(),
          config.port(),
          config.transports(),
          tun.name(),
          ctx.pool().gatewayAddress().getHostAddress(),
          config.poolPrefix(),
          Epoll.isAvailable() ? "epoll" : "nio",
          threads);
      return server;
    } finally {
      if (!ok) {
        server.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (server.tlsWorkers != null) {
          server.tlsWorkers.shutdownNow();
        }
        Operations.closeQuietly(tun);
      }
    }
  }

  /** The TUN device, with one queue per data-path thread. */
  private static TunDevice openTun(ServerConfig config, IpPool pool, int queues)
      throws StartupException {
    try {
      var net6 = config.pool6();
      return LinuxTun.create(
          new TunSpec(
              config.tunName(),
              config.tunMtu(),
              pool.gatewayAddress(),
              pool.prefix(),
              net6 == null ? null : net6.gateway(),
              net6 == null ? 0 : net6.prefix(),
              config.buffers().tunQueue()),
          queues);
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
        for (Shard shard : shards.all()) {
          Bootstrap b =
              UdpReceive.bootstrap(
                  shard.loop,
                  epoll,
                  WATER_MARK,
                  UdpHandler.forShard(shard, drops, max),
                  max,
                  config.buffers());
          shard.udp =
              UdpListeners.bind(
                  b, config.listenAddress(), config.port(), epoll, shards.count() > 1);
        }
      }
      if (config.transports().tcp()) {
        ServerBootstrap b =
            new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new TcpInitializer(this));
        if (config.buffers().tcpReceive() > 0) { // 0: the kernel's auto-tuning
          b.childOption(ChannelOption.SO_RCVBUF, config.buffers().tcpReceive());
        }
        if (config.buffers().tcpSend() > 0) {
          b.childOption(ChannelOption.SO_SNDBUF, config.buffers().tcpSend());
        }
        tcpChannel = b.bind(addr).sync().channel();
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
              routes -> shards.each((table, now, out) -> table.learnedRoutes(routes)));
    } catch (java.io.IOException e) {
      throw new StartupException("routes.from-kernel: " + e.getMessage(), e);
    }
    metrics.learnedRoutes(learnedRoutes::pushed);
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
                  operations,
                  token,
                  org.p2sgate.core.admin.PkiProfileSource.of(operations::config, clock)),
              clock,
              tls);
    } catch (IOException | RuntimeException e) {
      throw new StartupException("admin API: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException("admin API: interrupted", e);
    }
  }

  /** Where a reload (SIGHUP, the admin API) reads the configuration from. */
  public void reloadFrom(org.p2sgate.core.config.ConfigSource source) {
    operations.reloadFrom(source);
  }

  /** Reads the configuration again and applies it to new logins; the outcome is logged. */
  public void reload() {
    operations.reload();
  }

  /** Writes the status and every session to the log, one line each (SIGUSR2). */
  public void logStatus() {
    operations.logStatus();
  }

  private void startTunReaders() {
    var readers = shards.tunReaders(tun, drops);
    for (int q = 0; q < readers.size(); q++) {
      Thread t = new Thread(readers.get(q), "p2sgate-tun-reader" + (q == 0 ? "" : "-" + q));
      t.setDaemon(true);
      t.start();
    }
  }

  long now() {
    return clock.millis();
  }

  DropCounters drops() {
    return drops;
  }

  /** The shard whose loop is {@code loop} (a TCP connection's). */
  Shard shardOf(EventLoop loop) {
    return shards.of(loop);
  }

  private static void tick(Shard shard) {
    shard.table.onTick(shard.now(), shard.outbox);
    shard.outbox.flush();
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
      log.info("p2sgate stopping: telling {} client(s) to reconnect", shards.sessionCount());
      if (admin != null) {
        admin.close();
      }
      if (signIn != null) {
        signIn.close();
      }
      if (operator != null) {
        operator.close();
      }
      operations.stopWatching();
      Operations.closeQuietly(learnedRoutes);
      for (Shard shard : shards.all()) {
        shard
            .loop
            .submit(
                () -> {
                  shard.table.shutdown(shard.now(), shard.outbox);
                  shard.outbox.flush();
                })
            .await(2, TimeUnit.SECONDS);
      }
      Thread.sleep(200); // let the RESTART messages leave the socket
      for (Shard shard : shards.all()) {
        if (shard.udp != null) {
          shard.udp.close();
        }
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
      Operations.closeQuietly(tun);
      log.info("p2sgate stopped; drops: {}", drops.snapshot());
      stopped.countDown();
    }
  }
}
