package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.pki.KeySpec;
import org.p2sgate.core.pki.ThrowawayPki;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.tls.ServerCredentials;

/** The start-up warm-up completes real handshakes with every kind of server key and TLS setting. */
class WarmupTest {

  private static Warmup run(TestGateway gw, ServerCredentials creds) {
    return run(gw, creds, null);
  }

  private static Warmup run(
      TestGateway gw, ServerCredentials creds, java.util.concurrent.Executor tlsWorkers) {
    GatewayContext ctx =
        new GatewayContext(
            gw.config,
            gw.ctx.wrap(),
            creds,
            gw.ctx.verifier(),
            gw.ctx.pool(),
            new DropCounters(),
            new SecureRandom());
    Warmup w = new Warmup(ctx, Clock.systemUTC(), 8, tlsWorkers);
    w.run();
    assertEquals(2, w.sessionStarts(), "rounds / 4 session starts, each answered by the server");
    assertEquals(
        SocketWarmup.SOURCES * SocketWarmup.PER_SOURCE,
        w.socketStarts(),
        "every session start through the loopback sockets gets the server's TLS flight back");
    assertEquals(0, gw.ctx.pool().allocatedCount(), "nothing of the gateway's own is used");
    assertEquals(
        0L,
        ctx.drops().snapshot().values().stream().mapToLong(Long::longValue).sum(),
        "nor its drop counters");
    return w;
  }

  @Test
  void ecServerKeyTls13AndTls12() {
    TestGateway gw = TestGateway.builder().build();
    Warmup w = run(gw, gw.ctx.credentials());
    assertEquals(8, w.handshakes());
    assertEquals(0, w.failed(), "every warm-up handshake completes (two of them TLS 1.2)");
  }

  @Test
  void tlsOnWorkersAsTheGatewayRunsIt() {
    TestGateway gw = TestGateway.builder().build();
    java.util.concurrent.ExecutorService workers = TlsWorkers.start(2);
    try {
      Warmup w = run(gw, gw.ctx.credentials(), workers);
      assertEquals(0, w.failed());
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void rsaServerKey() {
    TestGateway gw = TestGateway.builder().build();
    ThrowawayPki rsa =
        ThrowawayPki.create(KeySpec.rsa(2048), Clock.systemUTC().instant(), new SecureRandom());
    Warmup w = run(gw, new ServerCredentials(rsa.clientChain(), rsa.clientKey()));
    assertEquals(0, w.failed());
  }

  @Test
  void tls13Only() {
    TestGateway gw = TestGateway.builder().tlsVersionMin("1.3").build();
    Warmup w = run(gw, gw.ctx.credentials());
    assertEquals(8, w.handshakes());
    assertEquals(0, w.failed());
  }
}
