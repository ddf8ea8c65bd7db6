package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/** Draining: clients are moved to the next server of their list, and nobody new gets in. */
class DrainTest {

  @Test
  void connectedClientsMoveOnAndNewOnesAreNotAdmitted() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(TestPeer.udp("198.18.0.2", 40000), gw.clientConfig("a"));
    assertEquals(1, gw.sessions.drain(gw.now(), gw.out));
    gw.exchange();
    assertTrue(c.controlMessages().contains("RESTART,[N]"), c.controlMessages()::toString);

    TestOpenVpnClient late = gw.connect(TestPeer.udp("198.18.0.3", 40000), gw.clientConfig("b"));
    gw.runUntil(() -> false, 3_000);
    assertFalse(late.isConnected());
    assertTrue(gw.drops().get(DropReason.DRAINING) >= 1);
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 5_000), "sessions end");
  }
}
