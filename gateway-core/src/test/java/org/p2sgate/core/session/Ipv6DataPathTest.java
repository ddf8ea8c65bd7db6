package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.AccessGroup;
import org.p2sgate.core.config.AccessPolicy;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.routing.AllowRule;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * IPv6 inside the tunnel (decision 0031): what is pushed, packets both ways, and every way a
 * client's IPv6 packet is refused, each counted and none thrown.
 */
class Ipv6DataPathTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);
  private static final TestPeer PEER2 = TestPeer.udp("198.18.0.3", 41000);

  private static TestGateway gateway() {
    return TestGateway.builder().pool6("fd00:8::", 64).build();
  }

  /** An IPv6 UDP packet (no checksum: nothing here checks it) with {@code next} as next header. */
  static byte[] udp6(String src, String dst, String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] p = new byte[40 + 8 + payload.length];
    p[0] = 0x60;
    int plen = 8 + payload.length;
    p[4] = (byte) (plen >>> 8);
    p[5] = (byte) plen;
    p[6] = 17;
    p[7] = 64;
    System.arraycopy(TestGateway.ip6(src).getAddress(), 0, p, 8, 16);
    System.arraycopy(TestGateway.ip6(dst).getAddress(), 0, p, 24, 16);
    p[40] = 0x13;
    p[41] = (byte) 0x88;
    p[42] = 0x00;
    p[43] = 0x35;
    p[44] = (byte) (plen >>> 8);
    p[45] = (byte) plen;
    System.arraycopy(payload, 0, p, 48, payload.length);
    return p;
  }

  @Test
  void theClientIsPushedItsIpv6AddressBeforeItsIpv4One() {
    TestGateway gw = gateway();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    List<String> o = c.pushOptions();
    int v6 = o.indexOf("ifconfig-ipv6 fd00:8::1000/64 fd00:8::1");
    assertTrue(v6 >= 0, c.pushReply());
    assertEquals(v6 + 1, o.indexOf("ifconfig 10.8.0.2 255.255.255.0"), c.pushReply());
    TestOpenVpnClient b = gw.establish(PEER2, gw.clientConfig("bob"));
    assertTrue(b.pushOptions().contains("ifconfig-ipv6 fd00:8::1001/64 fd00:8::1"), b.pushReply());
    assertEquals("fd00:8::1000", gw.sessions.snapshot().get(0).tunnelAddress6());
  }

  @Test
  void aClientReachingTheGatewayOverIpv6IsShownAsTheReferenceShowsIt() {
    TestGateway gw = gateway();
    TestOpenVpnClient c =
        gw.establish(TestPeer.udp("2001:db8:0:0:0:0:0:2", 41000), gw.clientConfig("alice"));
    HandshakeTest.assertDataBothWays(gw, c);
    SessionInfo s = gw.sessions.snapshot().get(0);
    assertEquals("[2001:db8::2]:41000", s.realAddress());
    assertEquals("fd00:8::1000", s.tunnelAddress6());
  }

  @Test
  void anIpv4OnlyGatewayPushesNothingIpv6AndCountsIpv6Packets() {
    TestGateway gw = TestGateway.builder().build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    assertFalse(c.pushReply().contains("ipv6"), c.pushReply());
    c.sendIp(udp6("fd00:8::1000", "fd00:18:1::2", "hi"), gw.now());
    gw.exchange();
    HandshakeTest.fromTun(gw, udp6("fd00:18:1::2", "fd00:8::1000", "hi"));
    assertTrue(gw.out.takeTun().isEmpty());
    assertTrue(c.takeReceivedIp().isEmpty());
    assertEquals(2, gw.drops().get(DropReason.IPV6_NOT_CONFIGURED));
    assertEquals(null, gw.sessions.snapshot().get(0).tunnelAddress6());
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @Test
  void ipv6PacketsFlowBothWaysNextToIpv4() {
    TestGateway gw = gateway();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    byte[] up = udp6("fd00:8::1000", "fd00:18:1::2", "up");
    c.sendIp(up, gw.now());
    gw.exchange();
    List<byte[]> tun = gw.out.takeTun();
    assertEquals(1, tun.size());
    assertArrayEquals(up, tun.get(0));

    byte[] down = udp6("fd00:18:1::2", "fd00:8::1000", "down");
    HandshakeTest.fromTun(gw, down);
    List<byte[]> got = c.takeReceivedIp();
    assertEquals(1, got.size());
    assertArrayEquals(down, got.get(0));
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @Test
  void extensionHeadersPassUntouched() {
    TestGateway gw = gateway();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    byte[] p = udp6("fd00:8::1000", "fd00:18:1::2", "hop-by-hop options before UDP");
    p[6] = 0; // next header: hop-by-hop (the gateway reads only the fixed header)
    c.sendIp(p, gw.now());
    gw.exchange();
    assertArrayEquals(p, gw.out.takeTun().get(0));
  }

  @Test
  void spoofedLinkScopedAndMalformedIpv6IsCounted() {
    TestGateway gw = gateway();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    c.sendIp(udp6("fd00:8::1001", "fd00:18:1::2", "another client's"), gw.now());
    c.sendIp(udp6("2001:db8::1", "fd00:18:1::2", "not in the pool"), gw.now());
    c.sendIp(udp6("fe80::1", "ff02::2", "router solicitation"), gw.now());
    c.sendIp(udp6("::", "ff02::1:ff00:1000", "duplicate address detection"), gw.now());
    byte[] ok = udp6("fd00:8::1000", "fd00:18:1::2", "truncated");
    c.sendIp(java.util.Arrays.copyOf(ok, 39), gw.now()); // shorter than the fixed header
    c.sendIp(java.util.Arrays.copyOf(ok, ok.length - 1), gw.now()); // shorter than plen says
    c.sendIp(new byte[] {0x60}, gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(2, gw.drops().get(DropReason.SPOOFED_SOURCE));
    assertEquals(2, gw.drops().get(DropReason.IPV6_LINK_SCOPE));
    assertEquals(3, gw.drops().get(DropReason.IPV6_MALFORMED));
    HandshakeTest.assertDataBothWays(gw, c);
  }

  @Test
  void tunPacketsWithoutAnIpv6RouteAreCounted() {
    TestGateway gw = gateway();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    HandshakeTest.fromTun(gw, udp6("fd00:18:1::2", "fd00:8::1001", "nobody there"));
    HandshakeTest.fromTun(gw, udp6("fd00:18:1::2", "fd00:9::1000", "another network"));
    HandshakeTest.fromTun(gw, java.util.Arrays.copyOf(udp6("::1", "fd00:8::1000", "x"), 30));
    assertEquals(2, gw.drops().get(DropReason.NO_ROUTE));
    assertEquals(1, gw.drops().get(DropReason.IPV6_MALFORMED));
    assertTrue(c.takeReceivedIp().isEmpty());
  }

  @Test
  void theIpv6RouteGoesWithTheSession() {
    TestGateway gw = gateway();
    TestOpenVpnClient a = gw.establish(PEER, gw.clientConfig("alice"));
    a.sendExit(gw.now());
    assertTrue(gw.runUntil(() -> gw.sessions.sessionCount() == 0, 10_000));
    HandshakeTest.fromTun(gw, udp6("fd00:18:1::2", "fd00:8::1000", "gone"));
    assertEquals(1, gw.drops().get(DropReason.NO_ROUTE));
    // alice keeps 10.8.0.2, and with it fd00:8::1000
    TestOpenVpnClient again = gw.establish(PEER, gw.clientConfig("alice"));
    assertTrue(
        again.pushOptions().contains("ifconfig-ipv6 fd00:8::1000/64 fd00:8::1"), again.pushReply());
  }

  @Test
  void clientToClientOverIpv6() {
    TestGateway gw = TestGateway.builder().pool6("fd00:8::", 64).clientToClient(true).build();
    TestOpenVpnClient a = gw.establish(PEER, gw.clientConfig("alice"));
    TestOpenVpnClient b = gw.establish(PEER2, gw.clientConfig("bob"));
    byte[] p = udp6("fd00:8::1000", "fd00:8::1001", "hello bob");
    a.sendIp(p, gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty());
    assertArrayEquals(p, b.takeReceivedIp().get(0));
  }

  @Test
  void accessGroupsLetNoIpv6Through() {
    AccessPolicy policy =
        new AccessPolicy(
            List.of(
                new AccessGroup(
                    "eng",
                    Set.of("radius-class:eng"),
                    List.of(),
                    List.of(AllowRule.network(0, 0)))),
            false);
    TestGateway gw =
        TestGateway.builder()
            .pool6("fd00:8::", 64)
            .access(policy)
            .authenticator(
                (credentials, context) ->
                    java.util.concurrent.CompletableFuture.completedFuture(
                        new org.p2sgate.auth.AuthResult.Accepted(
                            "alice", java.util.Map.of(), Set.of("radius-class:eng"))))
            .build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    HandshakeTest.assertDataBothWays(gw, c); // the IPv4 rule lets IPv4 anywhere
    c.sendIp(udp6("fd00:8::1000", "fd00:18:1::2", "x"), gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(1, gw.drops().get(DropReason.ACCESS_DENIED));
  }

  /** Random IPv6-looking packets from the client and from the TUN: counted, never thrown. */
  @Test
  void randomIpv6NeverThrows() {
    TestGateway gw = TestGateway.builder().pool6("fd00:8::", 64).clientToClient(true).build();
    TestOpenVpnClient c = gw.establish(PEER, gw.clientConfig("alice"));
    gw.establish(PEER2, gw.clientConfig("bob"));
    Random rnd = new Random(6);
    byte[] mine = udp6("fd00:8::1000", "fd00:8::1001", "0123456789");
    for (int i = 0; i < 2000; i++) {
      byte[] p = rnd.nextBoolean() ? new byte[1 + rnd.nextInt(80)] : mine.clone();
      for (int k = rnd.nextInt(6); k > 0; k--) {
        p[rnd.nextInt(p.length)] = (byte) rnd.nextInt();
      }
      p[0] = (byte) (0x60 | (p[0] & 0x0f));
      byte[] q = p;
      assertDoesNotThrow(
          () -> {
            c.sendIp(q, gw.now());
            gw.exchange();
            HandshakeTest.fromTun(gw, q);
          });
    }
    HandshakeTest.assertDataBothWays(gw, c);
  }
}
