package org.p2sgate.core.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.p2sgate.auth.cert.CertificateAuthenticator;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.crypto.CipherKind;
import org.p2sgate.core.crypto.DataOpener;
import org.p2sgate.core.crypto.DataSealer;
import org.p2sgate.core.crypto.ReplayWindow;
import org.p2sgate.core.pki.KeySpec;
import org.p2sgate.core.pki.ThrowawayPki;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.tls.LoopbackHandshake;
import org.p2sgate.core.tls.PeerVerifier;
import org.p2sgate.core.tls.ServerCredentials;
import org.p2sgate.core.tls.TlsServerDriver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms the handshake and data-channel code up at start, before the gateway listens, so that the
 * first clients meet compiled code instead of the interpreter (issue 9: the first tunnel after a
 * start took 300 ms to 1.2 s against OpenVPN's 13 ms). In memory only: TLS handshakes of the
 * server's own credentials against a throwaway CA's client (the client-certificate check runs in
 * full, with that CA as the only trust anchor, never the gateway's), then seal and open with every
 * configured data cipher, and wrap and unwrap control packets with the gateway's tls-crypt or
 * tls-auth key (unwrapping its own packets fails authentication, as the directions differ, after
 * running all the code a client's packet runs); then session starts again through loopback sockets
 * ({@link SocketWarmup}), for Netty's datagram path. Nothing it makes is kept, logged or reachable.
 *
 * <p>{@code -Dp2sgate.warmup=N} sets the number of handshakes ({@value #HANDSHAKES} by default, 0
 * for none); at most {@value #BUDGET_MS} ms are spent in all.
 */
final class Warmup implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Warmup.class);

  /** Handshakes, at most: enough for the JIT's second tier on the hot paths. */
  static final int HANDSHAKES = 200;

  /** The warm-up thread's name ({@code observe.WarmupLogFilter} quiets it). */
  static final String THREAD = org.p2sgate.core.observe.WarmupLogFilter.THREAD;

  /** The system property that sets the number of handshakes. */
  static final String PROPERTY = "p2sgate.warmup";

  /** Packets sealed and opened per data cipher. */
  static final int PACKETS = 20_000;

  /** Longest the warm-up runs; on a slow or busy machine it stops early. */
  static final long BUDGET_MS = 5_000;

  private final GatewayContext ctx;
  private final ServerConfig config;
  private final ServerCredentials credentials;
  private final org.p2sgate.core.control.ControlWrap wrap;
  private final Clock clock;
  private final int rounds;

  /** The gateway's TLS workers, or {@code null} (handshakes on the loop). */
  private final java.util.concurrent.Executor tlsWorkers;

  private volatile int handshakes;
  private volatile int failed = -1;
  private volatile int sessionStarts;
  private volatile int socketStarts;
  private volatile String summary = "warm-up: did not finish";

  /** Warms up with {@code ctx}'s configuration, credentials and control wrap. */
  Warmup(GatewayContext ctx, Clock clock, int rounds) {
    this(ctx, clock, rounds, null);
  }

  /** As above, with the session starts through sockets running TLS on {@code tlsWorkers}. */
  Warmup(GatewayContext ctx, Clock clock, int rounds, java.util.concurrent.Executor tlsWorkers) {
    this.tlsWorkers = tlsWorkers;
    this.ctx = ctx;
    this.config = ctx.config();
    this.credentials = ctx.credentials();
    // its own instance with the same key: the gateway's belongs to the event loop
    // tls-crypt-v2 only: no shared key to warm up, but a client's tls-crypt under its own key
    this.wrap =
        config.tlsWrap().v2Only()
            ? org.p2sgate.core.control.ControlWraps.forClient(config.tlsWrap())
            : org.p2sgate.core.control.ControlWraps.forServer(config.tlsWrap());
    this.clock = clock;
    this.rounds = rounds;
  }

  /**
   * Runs the warm-up now, before the sockets are bound, as {@code -Dp2sgate.warmup} says; {@code
   * tlsWorkers} are the gateway's ({@code null}: handshakes on the loop).
   */
  static void runNow(GatewayContext ctx, Clock clock, java.util.concurrent.Executor tlsWorkers) {
    int rounds = Integer.getInteger(PROPERTY, HANDSHAKES);
    if (rounds <= 0) {
      return;
    }
    // on a thread of its own name: the log filter keeps its sessions' lines out of the log
    Warmup w = new Warmup(ctx, clock, rounds, tlsWorkers);
    Thread t = new Thread(Guarded.task("the start-up warm-up", w), THREAD);
    t.setDaemon(true);
    t.start();
    try {
      t.join(BUDGET_MS + 5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.info("{}", w.summary);
  }

  /** Handshakes done so far. */
  int handshakes() {
    return handshakes;
  }

  /** Handshakes that did not complete, once the warm-up has finished; -1 before. */
  int failed() {
    return failed;
  }

  @Override
  public void run() {
    long start = System.nanoTime();
    long end = start + BUDGET_MS * 1_000_000;
    ThrowawayPki pki =
        ThrowawayPki.create(
            credentials.isRsa() ? KeySpec.rsa(2048) : KeySpec.EC_P256,
            clock.instant(),
            new SecureRandom());
    TrustStore trust = TrustStore.of(List.of(pki.ca()));
    PeerVerifier verifier =
        PeerVerifier.checking(
            new CertificateAuthenticator(
                trust,
                RevocationList.none(trust),
                org.p2sgate.auth.cert.IdentitySource.COMMON_NAME,
                clock));
    // what a client's first packets meet first, then the rest of the handshake, then data
    nettyBuffers();
    controlWrap(end);
    try {
      sessionStarts = SessionWarmup.run(ctx, pki, verifier, Math.max(1, rounds / 4), end);
    } catch (java.io.IOException | RuntimeException e) {
      log.warn("warm-up session starts failed: {}", e.toString());
    }
    try {
      socketStarts = SocketWarmup.run(ctx, pki, verifier, tlsWorkers, clock, end);
    } catch (java.io.IOException | RuntimeException e) {
      log.warn("warm-up session starts through loopback failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    int refused = handshakes(pki, verifier, end);
    int ciphers = dataCiphers(end);
    summary =
        String.format(
            java.util.Locale.ROOT,
            "warm-up: %d TLS handshakes (%d failed), %d session starts and %s through loopback"
                + " sockets, %d data cipher(s) in %d ms",
            handshakes,
            refused,
            sessionStarts,
            socketStarts < 0 ? "none: loopback unavailable" : socketStarts + "",
            ciphers,
            (System.nanoTime() - start) / 1_000_000);
    failed = refused;
  }

  /** Session starts that got the server's TLS flight back. */
  int sessionStarts() {
    return sessionStarts;
  }

  /** Session starts through loopback sockets ({@link SocketWarmup}); -1: loopback unavailable. */
  int socketStarts() {
    return socketStarts;
  }

  private int handshakes(ThrowawayPki pki, PeerVerifier verifier, long end) {
    boolean only13 = "1.3".equals(config.tlsVersionMin());
    int failed = 0;
    for (int i = 0; i < rounds && System.nanoTime() < end; i++) {
      TlsServerDriver server = null;
      try {
        server = new TlsServerDriver(credentials, verifier, only13);
        // mostly TLS 1.3, as OpenVPN 2.6 clients negotiate; some 1.2 for older clients
        if (!LoopbackHandshake.run(
            server, pki.clientChain(), pki.clientKey(), !only13 && i % 4 == 3)) {
          failed++;
        }
      } catch (java.io.IOException | RuntimeException e) {
        failed++;
        if (failed == 1) {
          log.debug("warm-up handshake failed: {}", e.toString());
        }
      } finally {
        if (server != null) {
          server.close();
        }
      }
      handshakes = i + 1;
    }
    return failed;
  }

  /**
   * Netty's buffer allocator: its first allocation loads and registers the allocator's JFR event
   * classes, about 200 ms that the first client's first datagram otherwise waits for on the loop.
   */
  private static void nettyBuffers() {
    io.netty.buffer.ByteBufAllocator a = io.netty.buffer.ByteBufAllocator.DEFAULT;
    for (int size : new int[] {64, 2048, 65_536}) {
      a.directBuffer(size).writeZero(size).release();
      a.heapBuffer(size).writeZero(size).release();
    }
  }

  private void controlWrap(long end) {
    byte[] small = new byte[100];
    byte[] large = new byte[1200];
    for (int i = 0; i < PACKETS / 10 && System.nanoTime() < end; i++) {
      byte[] p = wrap.wrap(0x20, i, i, 1, i % 2 == 0 ? small : large);
      wrap.unwrap(p, 0, p.length);
    }
  }

  private int dataCiphers(long end) {
    SecureRandom random = new SecureRandom();
    int done = 0;
    byte[] buf = new byte[24 + 1400 + 16];
    for (String name : config.dataCiphers()) {
      CipherKind kind = CipherKind.fromOpenVpnName(name).orElse(null);
      if (kind == null) {
        continue;
      }
      byte[] key = new byte[kind.keyLength()];
      byte[] iv = new byte[8];
      random.nextBytes(key);
      random.nextBytes(iv);
      DataSealer sealer = new DataSealer(kind, key, iv);
      DataOpener opener = new DataOpener(kind, key, iv, new ReplayWindow());
      for (int i = 0; i < PACKETS && System.nanoTime() < end; i++) {
        int len = sealer.sealV2(buf, 0, i % 2 == 0 ? 1400 : 100, 0, 0);
        opener.openV2(buf, 0, len, 0);
      }
      sealer.destroy();
      opener.destroy();
      java.util.Arrays.fill(key, (byte) 0);
      done++;
    }
    return done;
  }
}
