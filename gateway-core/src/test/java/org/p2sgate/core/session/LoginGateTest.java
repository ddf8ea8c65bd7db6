package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * Nothing gets in before the login admits the session: data keys exist as soon as key method 2 is
 * done, but a client whose login is pending or refused moves no packet (any inner source, 0.0.0.0
 * too), and cannot renegotiate the key state its login waits on, so the login's result always
 * reaches it.
 */
class LoginGateTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 42000);

  private static byte[] up(String src, String text) {
    return Packets.udp4(
        TestGateway.ip(src),
        1000,
        TestGateway.ip("10.99.0.1"),
        2000,
        text.getBytes(StandardCharsets.US_ASCII));
  }

  /** An attacking client with data keys and its login pending at the manual authenticator. */
  private static TestOpenVpnClient pendingAttacker(TestGateway gw) {
    TestOpenVpnClient c =
        gw.connect(PEER, gw.clientConfig("alice").withCredentials("alice", "guess"));
    c.deriveKeysWithoutPush("AES-256-GCM");
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 0, 5_000), "keys before the login answers");
    assertNull(c.pushReply());
    return c;
  }

  @Test
  void dataWhileTheLoginIsPendingIsDroppedAndCounted() {
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c = pendingAttacker(gw);
    c.sendIp(up("0.0.0.0", "no address yet"), gw.now());
    c.sendIp(up("10.8.0.2", "the address it will get"), gw.now());
    c.sendPing(gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty(), "nothing reaches the TUN device");
    assertEquals(3, gw.drops().get(DropReason.DATA_NOT_ADMITTED));

    auth.pending.get(0).complete(new AuthResult.Accepted("alice", Map.of()));
    assertTrue(gw.runUntil(() -> c.pushReply() != null, 5_000));
    HandshakeTest.assertDataBothWays(gw, c); // admitted: the same keys now carry data
  }

  @Test
  void dataAfterARefusalIsDroppedWhileTheRefusalLingers() {
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c = pendingAttacker(gw);
    auth.pending.get(0).complete(new AuthResult.Rejected("bad password", null));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 1_000));
    assertEquals(1, gw.sessions.sessionCount(), "still lingering to deliver AUTH_FAILED");
    for (int i = 0; i < 5; i++) {
      c.sendIp(up(i % 2 == 0 ? "0.0.0.0" : "10.8.0.2", "after AUTH_FAILED " + i), gw.now());
    }
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(5, gw.drops().get(DropReason.DATA_NOT_ADMITTED));
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000));
    assertEquals(0, gw.ctx.pool().allocatedCount());
  }

  /**
   * A SOFT_RESET while the login is pending is dropped unacked (the reference's check that the
   * primary key is S_GENERATED_KEYS), so the key state the login waits on survives: the refusal
   * reaches the client and the session ends; it held no max-clients slot after.
   */
  @Test
  void renegotiationWhileTheLoginIsPendingCannotLoseItsRefusal() {
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).maxClients(1).build();
    TestOpenVpnClient c = pendingAttacker(gw);
    c.renegotiate(gw.now());
    assertFalse(gw.runUntil(() -> c.sendKeyId() == 1, 10_000), "no new key while pending");
    assertTrue(gw.drops().get(DropReason.RENEGOTIATION_NOT_ALLOWED) >= 1);
    auth.pending.get(0).complete(new AuthResult.Rejected("bad password", null));
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000), "refused and closed");
    assertTrue(c.controlMessages().stream().anyMatch(m -> m.startsWith("AUTH_FAILED")));
  }

  /** Accepted after a refused SOFT_RESET: the client's retransmitted reset then renegotiates. */
  @Test
  void aRenegotiationRefusedWhilePendingSucceedsOnceAdmitted() {
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c = pendingAttacker(gw);
    c.renegotiate(gw.now());
    gw.advance(3_000);
    auth.pending.get(0).complete(new AuthResult.Accepted("alice", Map.of()));
    assertTrue(gw.runUntil(() -> c.pushReply() != null && c.sendKeyId() == 1, 20_000), c::toString);
    HandshakeTest.assertDataBothWays(gw, c);
  }
}
