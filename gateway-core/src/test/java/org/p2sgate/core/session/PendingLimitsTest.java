package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * What is not yet admitted is bounded in all and per source; silent TCP connections are closed; one
 * connection carries one handshake until a login succeeds; admitted sessions count towards
 * max-clients and no longer towards the pending limits.
 */
class PendingLimitsTest {

  @Test
  void tcpConnectionsFromOneSourceStopAtItsShareAndOthersStillConnect() {
    TestGateway gw = TestGateway.builder().pendingLimits(100, 4).build();
    for (int port = 50000; port < 50010; port++) {
      gw.sessions.onStreamOpened(TestPeer.tcp("198.18.7.7", port), gw.now(), gw.out);
    }
    assertEquals(6, gw.out.closedPeers().size(), "4 of 10 kept open");
    assertEquals(6, gw.drops().get(DropReason.PENDING_LIMIT));
    assertEquals(4, gw.sessions.pendingCount());

    TestPeer real = TestPeer.tcp("198.18.0.2", 40000);
    gw.sessions.onStreamOpened(real, gw.now(), gw.out);
    TestOpenVpnClient c = gw.establish(real, gw.clientConfig("alice"));
    assertTrue(c.isConnected(), "another source connects during the flood");
    assertEquals(4, gw.sessions.pendingCount(), "the admitted client gave its slot back");
  }

  @Test
  void silentConnectionsAreClosedAfterTenSecondsAndTheirSlotsFreed() {
    TestGateway gw = TestGateway.builder().pendingLimits(3, 3).build();
    for (int port = 50000; port < 50003; port++) {
      gw.sessions.onStreamOpened(TestPeer.tcp("198.18.7.7", port), gw.now(), gw.out);
    }
    gw.sessions.onStreamOpened(TestPeer.tcp("198.18.7.8", 1), gw.now(), gw.out);
    assertEquals(1, gw.out.closedPeers().size(), "the global limit");
    gw.advance(9_000);
    assertEquals(1, gw.out.closedPeers().size(), "not yet");
    gw.advance(1_100);
    assertEquals(4, gw.out.closedPeers().size());
    assertEquals(3, gw.drops().get(DropReason.STREAM_SILENT));
    assertEquals(0, gw.sessions.pendingCount());
  }

  @Test
  void aSecondHardResetOnAConnectionBeforeLoginClosesIt() {
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).build();
    TestPeer peer = TestPeer.tcp("198.18.0.2", 40000);
    gw.sessions.onStreamOpened(peer, gw.now(), gw.out);
    gw.connect(peer, gw.clientConfig("alice").withCredentials("alice", "pw"));
    assertTrue(gw.runUntil(() -> auth.pending.size() == 1, 5_000));
    // the client restarts on the same connection with a new session id
    gw.connect(peer, gw.clientConfig("alice2").withCredentials("alice", "pw"));
    gw.runUntil(() -> !gw.out.closedPeers().isEmpty(), 5_000);
    assertEquals(List.of(peer), gw.out.closedPeers());
    assertEquals(1, gw.drops().get(DropReason.STREAM_RESET_REPEATED));
    assertEquals(1, auth.pending.size(), "no second TLS handshake, no second login");
    assertEquals(0, gw.sessions.sessionCount());
    assertEquals(0, gw.sessions.pendingCount());
  }

  @Test
  void udpHandshakesFromOneSourceStopAtItsShare() {
    DeferredAuthTest.Manual auth = new DeferredAuthTest.Manual();
    TestGateway gw = TestGateway.builder().authenticator(auth).pendingLimits(100, 2).build();
    List<TestOpenVpnClient> clients = new ArrayList<>();
    for (int port = 41000; port < 41003; port++) {
      clients.add(
          gw.connect(
              TestPeer.udp("198.18.7.7", port),
              gw.clientConfig("u" + port).withCredentials("u", "pw")));
    }
    gw.runUntil(() -> false, 5_000);
    assertEquals(2, auth.pending.size(), "two logins from that source, the third waits");
    assertTrue(gw.drops().get(DropReason.PENDING_LIMIT) >= 1);
    TestOpenVpnClient other =
        gw.connect(
            TestPeer.udp("198.18.0.2", 40000), gw.clientConfig("x").withCredentials("x", "pw"));
    assertTrue(gw.runUntil(() -> auth.pending.size() == 3, 5_000), "another source gets in");
    assertFalse(other.isConnected());
  }

  @Test
  void maxClientsCountsAdmittedSessionsOnly() {
    TestGateway gw = TestGateway.builder().maxClients(1).build();
    TestOpenVpnClient a = gw.establish(TestPeer.udp("198.18.0.2", 40000), gw.clientConfig("a"));
    assertTrue(a.isConnected());
    TestOpenVpnClient b = gw.connect(TestPeer.udp("198.18.0.3", 40000), gw.clientConfig("b"));
    gw.runUntil(() -> false, 3_000);
    assertFalse(b.isConnected());
    assertTrue(gw.drops().get(DropReason.MAX_CLIENTS) >= 1);
    assertEquals(0, gw.sessions.pendingCount());
  }
}
