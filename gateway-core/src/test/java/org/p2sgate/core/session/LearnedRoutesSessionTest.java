package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.RouteSettings;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.route.Ipv4Prefix;

/** Learned routes: in new sessions' PUSH_REPLY, PUSH_UPDATE to 2.7 clients, rolling restarts. */
class LearnedRoutesSessionTest {
  static final String STATIC = "route 198.18.1.0 255.255.255.0";
  static final String A = "route 172.20.1.0 255.255.255.0";
  static final String B = "route 172.20.2.0 255.255.255.0";
  static final int IV_PROTO_27 = TestClientConfig.IV_PROTO_26 | 1 << 12;

  static TestGateway gateway(RouteSettings.OnChange onChange, int perSecond) {
    return TestGateway.builder()
        .push(List.of(STATIC))
        .routes(
            new RouteSettings(
                100, List.of(new Ipv4Prefix(0xac100000, 12)), List.of(), 100, onChange, perSecond))
        .build();
  }

  static TestPeer peer(int i) {
    return TestPeer.udp("198.18.0." + (10 + i), 41000);
  }

  static List<String> updates(TestOpenVpnClient c) {
    return c.controlMessages().stream().filter(m -> m.startsWith("PUSH_UPDATE")).toList();
  }

  @Test
  void newSessionsGetTheLearnedRoutesAfterTheConfiguredOnes() {
    TestGateway gw = gateway(RouteSettings.OnChange.KEEP, 5);
    gw.sessions.learnedRoutes(List.of(A));
    TestOpenVpnClient c = gw.establish(peer(1), gw.clientConfig("client01"));
    List<String> o = c.pushOptions();
    assertTrue(o.indexOf(STATIC) >= 0 && o.indexOf(A) > o.indexOf(STATIC), c.pushReply());
  }

  @Test
  void a27ClientGetsOnePushUpdateWithAllItsRoutesPerSecondAtMost() {
    TestGateway gw = gateway(RouteSettings.OnChange.KEEP, 5);
    TestOpenVpnClient c27 =
        gw.establish(peer(1), gw.clientConfig("client01").withIvProto(IV_PROTO_27));
    TestOpenVpnClient c26 = gw.establish(peer(2), gw.clientConfig("client02"));
    gw.sessions.learnedRoutes(List.of(A));
    gw.advance(200);
    assertEquals(List.of("PUSH_UPDATE," + STATIC + "," + A), updates(c27));
    // a flap within the second: one more update, with the routes at its end
    gw.sessions.learnedRoutes(List.of(A, B));
    gw.sessions.learnedRoutes(List.of(B));
    gw.advance(300);
    assertEquals(1, updates(c27).size(), "not before a second has passed");
    gw.advance(1000);
    assertEquals("PUSH_UPDATE," + STATIC + "," + B, updates(c27).get(1));
    assertEquals(2, updates(c27).size());
    assertEquals(List.of(), updates(c26), "a 2.6 client is never sent one");
    assertTrue(c26.isConnected() && c27.isConnected());
  }

  @Test
  void noRouteLeftIsSaidWithMinusRoute() {
    TestGateway gw =
        TestGateway.builder()
            .routes(
                new RouteSettings(
                    100,
                    List.of(new Ipv4Prefix(0xac100000, 12)),
                    List.of(),
                    100,
                    RouteSettings.OnChange.KEEP,
                    5))
            .build();
    gw.sessions.learnedRoutes(List.of(A));
    TestOpenVpnClient c =
        gw.establish(peer(1), gw.clientConfig("client01").withIvProto(IV_PROTO_27));
    gw.sessions.learnedRoutes(List.of());
    gw.advance(200);
    assertEquals(List.of("PUSH_UPDATE,-route"), updates(c));
  }

  @Test
  void on26ClientsReconnectRollsAFewPerSecond() {
    TestGateway gw = gateway(RouteSettings.OnChange.RECONNECT, 2);
    TestOpenVpnClient[] c = new TestOpenVpnClient[6];
    for (int i = 0; i < c.length; i++) {
      c[i] = gw.establish(peer(i), gw.clientConfig(String.format("client%02d", i + 1)));
    }
    gw.sessions.learnedRoutes(List.of(A));
    gw.advance(100);
    System.err.println(
        "DEBUG " + java.util.Arrays.stream(c).map(x -> x.controlMessages().toString()).toList());
    gw.advance(100);
    assertEquals(1, restarted(c), "the first at once");
    gw.advance(1000);
    assertEquals(3, restarted(c), "then two a second");
    gw.sessions.learnedRoutes(List.of()); // back to what the rest have: they stay
    gw.advance(3000);
    assertEquals(3, restarted(c));
  }

  private static long restarted(TestOpenVpnClient[] clients) {
    return java.util.Arrays.stream(clients)
        .filter(c -> c.controlMessages().contains("RESTART"))
        .count();
  }

  @Test
  void sessionsWithTheirRoutesAlreadyAreLeftAlone() {
    TestGateway gw = gateway(RouteSettings.OnChange.RECONNECT, 5);
    gw.sessions.learnedRoutes(List.of(A));
    TestOpenVpnClient c = gw.establish(peer(1), gw.clientConfig("client01"));
    gw.advance(3000);
    assertFalse(c.controlMessages().contains("RESTART"));
  }
}
