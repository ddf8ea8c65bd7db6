package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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

/**
 * How sessions end and what they give back: EXIT, ping-restart, hand-window, refused certificates,
 * no common cipher, duplicate common names, gateway shutdown (wire doc 5.4, 9, 12).
 */
class LifecycleTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);
  private static final TestPeer PEER2 = TestPeer.udp("198.18.0.3", 41000);
  private static final TestPeer PEER3 = TestPeer.udp("198.18.0.4", 41000);

  private static boolean allocated(TestGateway gw, String ip) {
    return gw.ctx.pool().isAllocated(TestGateway.ip(ip));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void exitFreesTheAddressAndThePeerId(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 41).build();
    TestOpenVpnClient a = gw.establish(PEER, gw.clientConfig("alice"));
    TestOpenVpnClient b = gw.establish(PEER2, gw.clientConfig("bob"));
    assertTrue(b.pushOptions().contains("ifconfig 10.8.0.3 255.255.255.0"), b.pushReply());
    assertTrue(b.pushOptions().contains("peer-id 1"), b.pushReply());

    a.sendExit(gw.now());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 1, 10_000), "alice still there");
    assertFalse(allocated(gw, "10.8.0.2"));
    assertTrue(allocated(gw, "10.8.0.3"));

    // a newcomer gets an address nobody remembers: 10.8.0.2 stays alice's (sticky addresses)
    TestOpenVpnClient c = gw.establish(PEER3, gw.clientConfig("carol"));
    assertTrue(c.pushOptions().contains("ifconfig 10.8.0.4 255.255.255.0"), c.pushReply());
    assertTrue(c.pushOptions().contains("peer-id 0"), c.pushReply());

    b.sendExit(gw.now());
    c.sendExit(gw.now());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000));
    assertEquals(0, gw.ctx.pool().allocatedCount());
    TestOpenVpnClient d = gw.establish(PEER, gw.clientConfig("alice"));
    assertTrue(d.pushOptions().contains("ifconfig 10.8.0.2 255.255.255.0"), d.pushReply());
    assertTrue(d.pushOptions().contains("peer-id 0"), d.pushReply());
    HandshakeTest.assertDataBothWays(gw, d);
  }

  @Test
  void pingRestartEndsASilentSession() {
    TestGateway gw =
        TestGateway.builder().keepalive(Duration.ofSeconds(10), Duration.ofSeconds(60)).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    gw.disconnect(PEER); // the client vanishes: nothing more from it
    gw.advance(119_000);
    assertEquals(1, gw.sessions.sessionCount(), "ended before 2 x ping-restart (120 s)");
    gw.advance(2_000);
    assertEquals(0, gw.sessions.sessionCount(), "still there after 2 x ping-restart");
    assertFalse(allocated(gw, "10.8.0.2"));
    assertNull(c.failure());
  }

  @Test
  void keepalivePingsKeepASessionAlive() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    gw.advance(300_000);
    assertEquals(1, gw.sessions.sessionCount());
    assertTrue(c.pingsReceived() >= 25, "pings from the gateway: " + c.pingsReceived());
    assertTrue(gw.out.tun().isEmpty(), "pings must not reach TUN");
  }

  @Test
  void aHandshakeThatStallsEndsAfterTheHandWindow() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = new TestOpenVpnClient(gw.clientConfig("alice"), gw.now()).start(gw.now());
    // reset, stateless reply, ClientHello: the session exists; then the client goes silent
    for (byte[] p : c.poll(gw.now())) {
      gw.sessions.onPacket(PEER, p, 0, p.length, gw.now(), gw.out);
    }
    for (byte[] p : gw.out.takeFor(PEER)) {
      c.onPacket(p, gw.now());
    }
    for (byte[] p : c.poll(gw.now())) {
      gw.sessions.onPacket(PEER, p, 0, p.length, gw.now(), gw.out);
    }
    assertEquals(1, gw.sessions.sessionCount());
    gw.advance(59_000);
    assertEquals(1, gw.sessions.sessionCount());
    gw.advance(2_000);
    assertEquals(0, gw.sessions.sessionCount());
  }

  /**
   * The gateway refuses the certificate during the TLS handshake. With TLS 1.3 the client has
   * finished its side by then; like a 2.6 server the gateway sends no alert (only 2.7+ does), so
   * the client just never gets a key-method-2 message or a PUSH_REPLY.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void aCertificateFromAForeignCaIsRefused(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 42).build();
    TestPki foreign = TestPki.create("foreign-ca");
    TestClientConfig cfg = gw.clientConfig("mallory").withCert(foreign.client("mallory"));
    TestOpenVpnClient c = gw.connect(PEER, cfg);
    gw.runUntil(() -> gw.sessions.sessionCount() == 1, 5_000);
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 5_000), "session not ended");
    gw.advance(10_000);
    assertNull(c.pushReply());
    assertFalse(c.isConnected());
    assertEquals(0, c.serverKeyMethodLength(), "the gateway sent its key-method-2 message");
    assertEquals(0, gw.sessions.sessionCount(), "the refused client got a new session");
    assertEquals(0, gw.ctx.pool().allocatedCount());
    assertTrue(gw.out.tun().isEmpty());
  }

  /** The client refuses the gateway's certificate; the gateway gives up at the hand-window. */
  @Test
  void aClientRefusesAGatewayItsCaDidNotSign() {
    TestGateway gw = TestGateway.builder().build();
    TestPki other = TestPki.create("other-ca");
    TestClientConfig cfg =
        TestClientConfig.of(gw.pki.client("alice"), other.ca().cert()).withSeed(5);
    TestOpenVpnClient c = gw.connect(PEER, cfg);
    gw.runUntil(() -> c.failure() != null, 10_000);
    assertNotNull(c.failure(), c::toString);
    assertTrue(c.failure().contains("server certificate not trusted"), c.failure());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 65_000), "session not ended");
  }

  /** What works today when no cipher is in common: no tunnel, no address, the session ends. */
  @Test
  void noCommonCipherGivesNoTunnel() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.connect(PEER, gw.clientConfig("bf").withCiphers("BF-CBC"));
    gw.runUntil(() -> c.failure() != null || c.authFailed() != null, 10_000);
    assertNull(c.pushReply());
    assertFalse(c.isConnected());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000), "session not ended");
    assertEquals(0, gw.ctx.pool().allocatedCount());
  }

  /**
   * The reference sends AUTH_FAILED as a control message after the key-method-2 exchange (in answer
   * to PUSH_REQUEST); a 2.6 client reads the first plaintext of a key state as the server's
   * key-method-2 message, whatever it is.
   */
  @Test
  void noCommonCipherIsReportedAsAuthFailed() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.connect(PEER, gw.clientConfig("bf").withCiphers("BF-CBC"));
    gw.runUntil(() -> c.failure() != null || c.authFailed() != null, 10_000);
    assertNull(c.failure(), "the client could not read the gateway's key-method-2 message");
    assertNotNull(c.authFailed());
    assertTrue(c.authFailed().startsWith("AUTH_FAILED"), c.authFailed());
    assertNull(c.pushReply());
  }

  @Test
  void aSecondSessionWithTheSameCommonNameReplacesTheFirst() {
    TestGateway gw = TestGateway.builder().build();
    gw.establish(PEER, gw.clientConfig("alice"));
    TestOpenVpnClient again = gw.establish(PEER2, gw.clientConfig("alice").withSeed(77));
    assertEquals(1, gw.sessions.sessionCount());
    assertEquals(PEER2, gw.sessions.sessions().get(0).peer());
    assertTrue(again.pushOptions().contains("ifconfig 10.8.0.2 255.255.255.0"), again.pushReply());
    HandshakeTest.assertDataBothWays(gw, again);
  }

  /**
   * A TCP session replaced by a newer one with the same common name must also lose its connection,
   * as any other ending TCP session does (see tcpSessionEndClosesTheConnection).
   */
  @Test
  void aReplacedTcpSessionLosesItsConnection() {
    TestGateway gw = TestGateway.builder().build();
    TestPeer first = TestPeer.tcp("198.18.0.2", 50000);
    TestPeer second = TestPeer.tcp("198.18.0.3", 50001);
    gw.establish(first, gw.clientConfig("alice"));
    gw.establish(second, gw.clientConfig("alice").withSeed(78));
    assertEquals(1, gw.sessions.sessionCount());
    assertEquals(second, gw.sessions.sessions().get(0).peer());
    assertEquals(java.util.List.of(first), gw.out.closedPeers());
  }

  @Test
  void shutdownTellsClientsToRestart() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient a = gw.establish(PEER, gw.clientConfig("alice"));
    TestOpenVpnClient b = gw.establish(PEER2, gw.clientConfig("bob"));
    gw.sessions.shutdown(gw.now(), gw.out);
    gw.exchange();
    assertEquals(0, gw.sessions.sessionCount());
    assertTrue(a.controlMessages().contains("RESTART"), a.controlMessages().toString());
    assertTrue(b.controlMessages().contains("RESTART"), b.controlMessages().toString());
  }

  @Test
  void withoutExplicitExitNotifyShutdownSendsNoRestart() {
    TestGateway gw = TestGateway.builder().explicitExitNotify(false).build();
    TestOpenVpnClient a = gw.establish(PEER, gw.clientConfig("alice"));
    gw.sessions.shutdown(gw.now(), gw.out);
    gw.exchange();
    assertEquals(0, gw.sessions.sessionCount());
    assertFalse(a.controlMessages().contains("RESTART"), a.controlMessages().toString());
  }

  @Test
  void tcpSessionEndClosesTheConnection() {
    TestGateway gw = TestGateway.builder().build();
    TestPeer tcp = TestPeer.tcp("198.18.0.9", 50000);
    TestOpenVpnClient c = gw.establish(tcp, gw.clientConfig("alice"));
    c.sendExit(gw.now());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000));
    assertEquals(java.util.List.of(tcp), gw.out.closedPeers());
  }

  @Test
  void occExitEndsTheSession() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c =
        gw.establish(
            PEER,
            gw.clientConfig("old")
                .withIvProto(TestClientConfig.IV_PROTO_26 & ~TestClientConfig.CC_EXIT_NOTIFY));
    assertTrue(c.pushOptions().stream().noneMatch(o -> o.contains("cc-exit")), c.pushReply());
    c.sendOccExit(gw.now());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000));
    assertEquals(0, gw.ctx.pool().allocatedCount());
    assertTrue(gw.out.tun().isEmpty(), "the OCC message reached TUN");
  }

  @Test
  void maxClientsIsEnforcedAtTheThirdPacket() {
    TestGateway gw = TestGateway.builder().maxClients(1).build();
    gw.establish(PEER, gw.clientConfig("alice"));
    TestOpenVpnClient b = gw.connect(PEER2, gw.clientConfig("bob"));
    gw.advance(5_000);
    assertFalse(b.isConnected());
    assertEquals(1, gw.sessions.sessionCount());
    assertTrue(gw.drops().get(DropReason.MAX_CLIENTS) > 0, gw.drops().snapshot().toString());
  }

  /** The reference checks max-clients when it creates any instance, UDP or TCP (multi.c). */
  @Test
  void maxClientsIsEnforcedOverTcpToo() {
    TestGateway gw = TestGateway.builder().maxClients(1).build();
    gw.establish(TestPeer.tcp("198.18.0.2", 50000), gw.clientConfig("alice"));
    TestOpenVpnClient b = gw.connect(TestPeer.tcp("198.18.0.3", 50000), gw.clientConfig("bob"));
    gw.advance(5_000);
    assertFalse(b.isConnected(), "a second TCP client got a tunnel with max-clients 1");
    assertEquals(1, gw.sessions.sessionCount());
  }
}
