package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * What a peer can make the gateway hold is bounded: TLS output it never acknowledges (each TLS 1.2
 * post-handshake ClientHello is answered with an alert) stops at the session's budget, and the
 * session is closed and counted, whatever the peer goes on sending.
 */
class ControlBoundsTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 43000);

  @Test
  void tlsOutputThePeerNeverAcksIsBoundedBeforeTheLogin() {
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestOpenVpnClient c =
        gw.connect(
            PEER, gw.clientConfig("alice").withCredentials("alice", "pw").withTls12Only(true));
    assertTrue(gw.runUntil(() -> auth.pending.size() == 1, 5_000), "login pending");
    ClientSession s = gw.sessions.sessions().get(0);
    c.ackNothing();
    c.sendPostHandshakeClientHellos(4_000, gw.now());
    gw.runUntil(() -> gw.sessions.sessionCount() == 0, 30_000);
    assertEquals(
        1, gw.drops().get(DropReason.CONTROL_QUEUE_OVERFLOW), gw.drops().snapshot()::toString);
    assertEquals(0, gw.sessions.sessionCount(), "the session is closed");
    assertEquals(0, s.primary.pendingTlsBytes(), "its queue is released");
  }
}
