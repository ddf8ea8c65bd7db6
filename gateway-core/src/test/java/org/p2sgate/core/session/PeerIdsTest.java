package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestPeer;

/** Peer-ids: the lowest free one first, none past the limit, freed only by their holder. */
class PeerIdsTest {
  @Test
  void lowestFreeFirstAndBounded() {
    TestGateway gw = TestGateway.builder().build();
    gw.establish(TestPeer.udp("198.18.0.2", 41000), gw.clientConfig("alice"));
    gw.establish(TestPeer.udp("198.18.0.3", 41000), gw.clientConfig("bob"));
    ClientSession a = gw.sessions.sessions().get(0);
    ClientSession b = gw.sessions.sessions().get(1);

    PeerIds ids = new PeerIds(3);
    assertEquals(0, ids.take(a));
    assertEquals(1, ids.take(b));
    assertEquals(2, ids.take(a));
    assertEquals(-1, ids.take(b), "all three held");
    ids.release(1, a); // not a's: stays b's
    assertEquals(b, ids.get(1));
    ids.release(1, b);
    ids.release(0, a);
    assertNull(ids.get(0));
    assertEquals(0, ids.take(b), "the lowest free id first");
    assertEquals(1, ids.take(a));
    assertNull(ids.get(-1));
    assertNull(ids.get(3));
    assertNull(ids.get(PeerIds.MAX_PEER_ID));
  }
}
