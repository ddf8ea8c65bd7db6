package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.core.testing.TestPki;
import org.p2sgate.tun.testing.Packets;

/**
 * TLS handshakes run by a worker, as the server runs them (decision 24): the session hands its TLS
 * input over and goes on; the result comes back through the table's mailbox. Checked: the same
 * tunnels as on the loop, one job at a time per key state, input that arrives meanwhile kept, and a
 * job that outlives its session.
 */
class TlsOffloadTest {
  private static final TestPeer UDP = TestPeer.udp("198.18.7.2", 41000);
  private static final TestPeer TCP = TestPeer.tcp("198.18.7.3", 50000);

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void udpAndTcpTunnelsComeUpThroughTheWorker(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 71).build().tlsOnWorker(false);
    TestOpenVpnClient u = gw.establish(UDP, gw.clientConfig("alice"));
    TestOpenVpnClient t = gw.establish(TCP, gw.clientConfig("bob"));
    roundTrip(gw, u, "alice", "udp");
    roundTrip(gw, t, "bob", "tcp");
    assertEquals(2, gw.sessions.sessionCount());
    assertEquals(Map.of(), gw.drops().snapshot(), "gateway drops");
    assertTrue(u.controlDrops().isEmpty(), "client control drops " + u.controlDrops());
    assertTrue(
        gw.sessions.snapshot().stream().allMatch(i -> i.tls().startsWith("TLS")),
        gw.sessions.snapshot().toString());
  }

  @Test
  void whileAJobRunsTheSessionAcksAndKeepsWhatArrivesAndStartsNoSecondJob() {
    TestGateway gw = TestGateway.builder().build().tlsOnWorker(true);
    TestOpenVpnClient c = gw.connect(UDP, gw.clientConfig("alice"));
    gw.exchange(); // reset exchange, cookie, the ClientHello goes to the worker
    assertEquals(1, gw.tlsJobsQueued());
    for (int i = 0; i < 30; i++) {
      gw.step(100); // the client retransmits what the gateway has not answered
    }
    assertEquals(1, gw.tlsJobsQueued(), "a second job for a key state whose job has not run");
    assertTrue(gw.runUntil(() -> gw.runTlsJobs() >= 0 && c.isConnected(), 30_000), c::toString);
    roundTrip(gw, c, "alice", "after a slow worker");
    assertEquals(0, gw.drops().get(DropReason.CONTROL_NOT_BUFFERED));
  }

  /**
   * A client flight over several packets (a long certificate chain): the first packet starts a job,
   * the others wait in the reliability layer, acked, and go to the next job.
   */
  @Test
  void aFlightThatArrivesDuringAJobGoesToTheNextJob() {
    TestGateway gw = TestGateway.builder().build().tlsOnWorker(true);
    TestPki a = TestPki.create("padding-a");
    TestPki b = TestPki.create("padding-b");
    TestOpenVpnClient c =
        gw.connect(UDP, gw.clientConfig("alice").withExtraChain(a.ca().cert(), b.ca().cert()));
    gw.exchange();
    assertEquals(1, gw.runTlsJobs(), "the ClientHello");
    List<Integer> queuedAtEachClientPacket = new ArrayList<>();
    gw.tapClients((peer, p) -> queuedAtEachClientPacket.add(gw.tlsJobsQueued()));
    gw.exchange(); // the server flight out, the client's long flight in
    assertEquals(1, gw.tlsJobsQueued(), "one job at a time: " + queuedAtEachClientPacket);
    int jobs = 0;
    while (!c.isConnected() && jobs < 20) {
      jobs += gw.runTlsJobs();
      gw.step(100);
    }
    assertTrue(c.isConnected(), c::toString);
    assertTrue(jobs >= 2, "the flight went to the worker in " + jobs + " job(s)");
    roundTrip(gw, c, "alice", "after a long flight");
    assertEquals(Map.of(), gw.drops().snapshot(), "gateway drops");
  }

  @Test
  void aJobThatOutlivesItsSessionStopsItsTlsAndSendsNothing() {
    TestGateway gw = TestGateway.builder().handWindow(Duration.ofSeconds(5)).build();
    gw.tlsOnWorker(true);
    TestOpenVpnClient c = gw.connect(UDP, gw.clientConfig("alice"));
    gw.exchange();
    assertEquals(1, gw.tlsJobsQueued());
    gw.disconnect(UDP); // the client vanishes; the hand-window ends the session
    gw.advance(6_000);
    assertEquals(0, gw.sessions.sessionCount(), "session outlived its hand-window");
    gw.out.takeFor(UDP);
    assertEquals(1, gw.runTlsJobs());
    assertTrue(gw.out.takeFor(UDP).isEmpty(), "a closed session answered after its job");
    assertEquals(0, gw.sessions.sessionCount());
    assertNull(c.pushReply());
  }

  @Test
  void aCertificateRefusedOnTheWorkerEndsTheSessionAsOnTheLoop() {
    TestGateway gw = TestGateway.builder().build().tlsOnWorker(false);
    TestPki other = TestPki.create("other-ca");
    TestClientConfig cfg =
        TestClientConfig.of(other.client("mallory"), gw.pki.ca().cert()).withSeed(3);
    TestOpenVpnClient c = gw.connect(UDP, cfg);
    gw.exchange();
    assertEquals(1, gw.sessions.sessionCount());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000), c::toString);
    gw.advance(2_000);
    assertNull(c.pushReply());
    assertEquals(0, gw.ctx.pool().allocatedCount());
  }

  @Test
  void renegotiationsGoThroughTheWorkerAndDataKeepsFlowing() {
    TestGateway gw =
        TestGateway.builder().renegSec(Duration.ofSeconds(20)).build().tlsOnWorker(false);
    TestOpenVpnClient c = gw.establish(UDP, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    for (int sec = 0; sec < 50; sec++) {
      roundTrip(gw, c, "alice", "t+" + sec);
      gw.advance(1000);
    }
    assertTrue(s.currentKeyId() >= 2, "key id " + s.currentKeyId());
    assertTrue(gw.sessions.snapshot().get(0).tls().startsWith("TLS"));
    assertNull(c.failure());
  }

  /** Real threads: handshakes finish on a pool and come back through the mailbox, in any order. */
  @Test
  void manyHandshakesOnARealPool() throws Exception {
    TestGateway gw = TestGateway.builder().build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      gw.sessions.runTlsOn(pool);
      List<TestOpenVpnClient> clients = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        clients.add(
            gw.connect(TestPeer.udp("198.18.8." + (i + 2), 42000), gw.clientConfig("user" + i)));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!clients.stream().allMatch(TestOpenVpnClient::isConnected)) {
        assertTrue(System.nanoTime() < deadline, "not all connected: " + clients);
        Thread.sleep(2); // let the workers finish; results wait in the mailbox
        gw.step(10);
      }
      assertEquals(12, gw.sessions.snapshot().size());
      assertEquals(12, gw.ctx.pool().allocatedCount());
    } finally {
      pool.shutdownNow();
    }
  }

  /** An IP packet from {@code cn}'s client reaches the TUN side byte for byte. */
  private static void roundTrip(TestGateway gw, TestOpenVpnClient c, String cn, String tag) {
    ClientSession s =
        gw.sessions.sessions().stream()
            .filter(x -> cn.equals(x.commonName()))
            .findFirst()
            .orElseThrow();
    byte[] up =
        Packets.udp4(
            s.tunnelAddress(),
            5000,
            TestGateway.ip("10.20.0.5"),
            6000,
            ("up " + tag).getBytes(StandardCharsets.US_ASCII));
    c.sendIp(up, gw.now());
    gw.exchange();
    assertArrayEquals(up, gw.out.takeTun().get(0), "up " + tag);
  }
}
