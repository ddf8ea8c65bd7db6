package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * A client whose address changes (wire doc 7.4: it floats on an authenticated P_DATA_V2) and a
 * client that restarts from the same address with a new session id (wire doc 4.2, last paragraph).
 */
class RoamingTest {
  private static final TestPeer HOME = TestPeer.udp("198.18.0.2", 41000);
  private static final TestPeer AWAY = TestPeer.udp("198.51.100.7", 62000);

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void aClientFloatsOnAuthenticatedData(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 51).build();
    TestOpenVpnClient c = gw.establish(HOME, gw.clientConfig("alice"));
    ClientSession s = gw.sessions.sessions().get(0);
    gw.move(HOME, AWAY);

    // a control packet from the new address does not move the session
    c.sendControlMessage("PUSH_REQUEST", gw.now());
    gw.exchange();
    assertEquals(HOME, s.peer());
    assertTrue(gw.drops().get(DropReason.COOKIE_INVALID) > 0, gw.drops().snapshot().toString());

    // authenticated data does
    HandshakeTest.assertDataBothWays(gw, c);
    assertEquals(AWAY, s.peer());
    assertEquals(1, gw.sessions.sessionCount());

    // and the control channel follows: a renegotiation from the new address
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.sendKeyId() == 1 && s.currentKeyId() == 1, 20_000), c::toString);
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(TlsWrapConfig.Mode.class)
  void aRestartedClientOnTheSameAddressReplacesItsOldSession(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 52).build();
    TestOpenVpnClient first = gw.establish(HOME, gw.clientConfig("alice"));
    ClientSession old = gw.sessions.sessions().get(0);
    TestOpenVpnClient second = gw.establish(HOME, gw.clientConfig("alice").withSeed(2));
    assertNotEquals(first.sessionId(), second.sessionId());
    assertEquals(1, gw.sessions.sessionCount());
    assertTrue(old.isClosed());
    assertTrue(
        second.pushOptions().contains("ifconfig 10.8.0.2 255.255.255.0"), second.pushReply());
    assertTrue(second.pushOptions().contains("peer-id 0"), second.pushReply());
    HandshakeTest.assertDataBothWays(gw, second);
  }
}
