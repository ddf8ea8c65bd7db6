package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * The stateless UDP handshake (wire doc 4.2): the gateway keeps nothing for a client until its
 * third packet returns the HMAC cookie, which is bound to the client's address, session id and a 30
 * s time slot, valid for the current and two previous slots.
 */
class StatelessCookieTest {
  static Stream<TlsWrapConfig.Mode> wraps() {
    return Stream.of(TlsWrapConfig.Mode.values());
  }

  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);

  /** Drives the client by hand up to (not including) its third packet. */
  private static TestOpenVpnClient resetExchange(TestGateway gw) {
    TestOpenVpnClient c = new TestOpenVpnClient(gw.clientConfig("alice"), gw.now()).start(gw.now());
    List<byte[]> first = c.poll(gw.now());
    assertEquals(1, first.size());
    assertEquals(0x38, first.get(0)[0] & 0xff, "HARD_RESET_CLIENT_V2, key id 0");
    gw.sessions.onPacket(PEER, first.get(0), 0, first.get(0).length, gw.now(), gw.out);
    assertEquals(0, gw.sessions.sessionCount(), "no state after the client's reset");
    List<byte[]> reply = gw.out.takeFor(PEER);
    assertEquals(1, reply.size(), "one stateless reply");
    assertEquals(0x40, reply.get(0)[0] & 0xff, "HARD_RESET_SERVER_V2, key id 0");
    c.onPacket(reply.get(0), gw.now());
    assertNotEquals(0, c.serverSessionId());
    return c;
  }

  private static void deliver(TestGateway gw, TestPeer peer, List<byte[]> packets) {
    for (byte[] p : packets) {
      gw.sessions.onPacket(peer, p, 0, p.length, gw.now(), gw.out);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wraps")
  void noSessionUntilTheThirdPacketReturnsTheCookie(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 3).build();
    TestOpenVpnClient c = resetExchange(gw);
    List<byte[]> third = c.poll(gw.now());
    assertEquals(1, third.size(), "the ClientHello, acking the server's reset");
    assertEquals(0x20, third.get(0)[0] & 0xff, "CONTROL_V1, key id 0");
    deliver(gw, PEER, third);
    assertEquals(1, gw.sessions.sessionCount());
    assertEquals(c.serverSessionId(), gw.sessions.sessions().get(0).localSid);
    assertEquals(0, gw.drops().get(DropReason.COOKIE_INVALID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wraps")
  void manyResetsCreateNoState(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 4).build();
    for (int i = 0; i < 50; i++) {
      TestPeer p = TestPeer.udp("198.18.1." + (i + 1), 40000 + i);
      TestOpenVpnClient c =
          new TestOpenVpnClient(gw.clientConfig("c" + i).withSeed(i), gw.now()).start(gw.now());
      deliver(gw, p, c.poll(gw.now()));
      assertEquals(1, gw.out.takeFor(p).size());
    }
    assertEquals(0, gw.sessions.sessionCount());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wraps")
  void aWrongCookieIsDropped(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 5).build();
    TestOpenVpnClient c = resetExchange(gw);
    c.tamperServerSessionId(c.serverSessionId() ^ 0x0100);
    List<byte[]> third = c.poll(gw.now());
    deliver(gw, PEER, third);
    assertEquals(0, gw.sessions.sessionCount());
    assertEquals(third.size(), gw.drops().get(DropReason.COOKIE_INVALID));
    assertTrue(gw.out.takeFor(PEER).isEmpty(), "no answer to a wrong cookie");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wraps")
  void theCookieIsBoundToTheClientAddress(TlsWrapConfig.Mode wrap) {
    TestGateway gw = TestGateway.builder().wrap(wrap, 6).build();
    TestOpenVpnClient c = resetExchange(gw);
    TestPeer elsewhere = TestPeer.udp("198.18.0.2", 41001);
    List<byte[]> third = c.poll(gw.now());
    deliver(gw, elsewhere, third);
    assertEquals(0, gw.sessions.sessionCount());
    assertEquals(third.size(), gw.drops().get(DropReason.COOKIE_INVALID));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wraps")
  void aCookieLivesSixtyToNinetySeconds(TlsWrapConfig.Mode wrap) {
    // valid 55 s later (at most two slots back)...
    TestGateway gw = TestGateway.builder().wrap(wrap, 7).build();
    TestOpenVpnClient c = resetExchange(gw);
    gw.advance(55_000);
    deliver(gw, PEER, c.poll(gw.now()));
    assertEquals(1, gw.sessions.sessionCount());

    // ...but no longer 95 s later (three slots of 30.5 s)
    TestGateway gw2 = TestGateway.builder().wrap(wrap, 7).build();
    TestOpenVpnClient c2 = resetExchange(gw2);
    gw2.advance(95_000);
    List<byte[]> late = c2.poll(gw2.now());
    assertFalse(late.isEmpty());
    deliver(gw2, PEER, late);
    assertEquals(0, gw2.sessions.sessionCount());
    assertTrue(gw2.drops().get(DropReason.COOKIE_INVALID) > 0);
  }
}
