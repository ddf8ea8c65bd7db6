package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.core.config.AccessGroup;
import org.p2sgate.core.config.AccessPolicy;
import org.p2sgate.core.observe.DropReason;
import org.p2sgate.core.routing.AllowRule;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.tun.testing.Packets;

/**
 * Access groups at the session level: a login's group facts choose the routes pushed and the
 * destinations its packets may reach; a packet to any other destination is dropped and counted,
 * whatever was pushed.
 */
class AccessGroupSessionTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);

  private static final AccessPolicy POLICY =
      new AccessPolicy(
          List.of(
              new AccessGroup(
                  "eng",
                  Set.of("radius-class:eng"),
                  List.of("route 10.20.0.0 255.255.0.0"),
                  List.of(
                      AllowRule.network(ip("10.20.0.0"), 16),
                      new AllowRule(ip("10.30.1.5"), 32, AllowRule.TCP, 443, 443))),
              new AccessGroup(
                  "ops",
                  Set.of("radius-class:ops"),
                  List.of("route 10.40.0.0 255.255.0.0"),
                  List.of(AllowRule.network(ip("10.40.0.0"), 16)),
                  new AccessGroup.Pool(TestGateway.ip("10.8.0.128"), 25))),
          false);

  /** Accepts every login, with the group facts of {@code groups} (by common name). */
  private static Authenticator facts(Map<String, Set<String>> groups) {
    return (credentials, context) -> {
      String cn =
          org.p2sgate.auth.cert.IdentitySource.commonName(credentials.certificateChain().get(0))
              .orElseThrow();
      return CompletableFuture.completedFuture(
          new AuthResult.Accepted(cn, Map.of(), groups.getOrDefault(cn, Set.of())));
    };
  }

  private static TestGateway gateway() {
    return TestGateway.builder()
        .access(POLICY)
        .authenticator(
            facts(
                Map.of(
                    "ann", Set.of("radius-class:eng"),
                    "bob", Set.of("radius-class:ops"),
                    "cat", Set.of("radius-class:eng", "radius-class:ops"))))
        .build();
  }

  private static int ip(String dotted) {
    byte[] b = TestGateway.ip(dotted).getAddress();
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  /** The client's pushed tunnel address ({@code ifconfig ADDRESS MASK}). */
  private static String address(TestOpenVpnClient c) {
    return c.pushOptions().stream()
        .filter(o -> o.startsWith("ifconfig "))
        .findFirst()
        .orElseThrow()
        .split(" ")[1];
  }

  private static byte[] udp(TestOpenVpnClient c, String dst, int port) {
    return Packets.udp4(
        TestGateway.ip(address(c)),
        1000,
        TestGateway.ip(dst),
        port,
        "x".getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] tcp(TestOpenVpnClient c, String dst, int port) {
    byte[] p = udp(c, dst, port);
    p[9] = 6; // the port rule reads protocol and destination port only
    return p;
  }

  @Test
  void aMemberReachesItsGroupsDestinationsOnlyAndTheRestIsCounted() {
    TestGateway gw = gateway();
    TestOpenVpnClient ann = gw.establish(PEER, gw.clientConfig("ann"));
    assertTrue(ann.pushOptions().contains("route 10.20.0.0 255.255.0.0"), ann.pushReply());
    assertFalse(ann.pushReply().contains("10.40.0.0"), ann.pushReply());

    ann.sendIp(udp(ann, "10.20.3.4", 53), gw.now());
    ann.sendIp(tcp(ann, "10.30.1.5", 443), gw.now());
    gw.exchange();
    assertEquals(2, gw.out.takeTun().size());

    ann.sendIp(udp(ann, "10.40.0.1", 53), gw.now()); // the other group's network
    ann.sendIp(udp(ann, "10.30.1.5", 443), gw.now()); // right port, wrong protocol
    ann.sendIp(tcp(ann, "10.30.1.5", 22), gw.now()); // right host, wrong port
    ann.sendIp(udp(ann, "8.8.8.8", 53), gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(4, gw.drops().get(DropReason.ACCESS_DENIED));
    ann.sendIp(udp(ann, "10.20.3.4", 53), gw.now()); // dropping is not closing
    gw.exchange();
    assertEquals(1, gw.out.takeTun().size());
  }

  @Test
  void aGroupWithAPoolGivesItsMembersAddressesFromIt() {
    TestGateway gw = gateway();
    TestOpenVpnClient ann = gw.establish(PEER, gw.clientConfig("ann"));
    TestOpenVpnClient bob = gw.establish(TestPeer.udp("198.18.0.3", 41000), gw.clientConfig("bob"));
    TestOpenVpnClient cat = gw.establish(TestPeer.udp("198.18.0.4", 41000), gw.clientConfig("cat"));
    assertEquals("10.8.0.2", address(ann), "eng has no pool: the whole pool");
    assertEquals("10.8.0.128", address(bob), "ops' part of the pool");
    assertEquals("10.8.0.129", address(cat), "in both: the first group with a pool");
    bob.sendIp(udp(bob, "10.40.0.1", 53), gw.now()); // the source check holds the new address
    gw.exchange();
    assertEquals(1, gw.out.takeTun().size());
  }

  @Test
  void aUserInTwoGroupsGetsTheUnionAndAUserInNoneTheDefault() {
    TestGateway gw = gateway();
    TestOpenVpnClient cat = gw.establish(PEER, gw.clientConfig("cat"));
    assertTrue(cat.pushOptions().contains("route 10.20.0.0 255.255.0.0"), cat.pushReply());
    assertTrue(cat.pushOptions().contains("route 10.40.0.0 255.255.0.0"), cat.pushReply());
    cat.sendIp(udp(cat, "10.20.0.1", 53), gw.now());
    cat.sendIp(udp(cat, "10.40.0.1", 53), gw.now());
    gw.exchange();
    assertEquals(2, gw.out.takeTun().size());

    TestPeer other = TestPeer.udp("198.18.0.3", 41000);
    TestOpenVpnClient dan = gw.establish(other, gw.clientConfig("dan"));
    dan.sendIp(udp(dan, "10.20.0.1", 53), gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty(), "default deny");
    assertEquals(1, gw.drops().get(DropReason.ACCESS_DENIED));
  }

  @Test
  void aDeniedDestinationIsNotReachedThroughClientToClientEither() {
    TestGateway gw =
        TestGateway.builder()
            .access(POLICY)
            .clientToClient(true)
            .authenticator(facts(Map.of("ann", Set.of("radius-class:eng"))))
            .build();
    TestOpenVpnClient ann = gw.establish(PEER, gw.clientConfig("ann"));
    TestOpenVpnClient bob = gw.establish(TestPeer.udp("198.18.0.3", 41000), gw.clientConfig("bob"));
    ann.sendIp(udp(ann, address(bob), 53), gw.now());
    gw.exchange();
    assertEquals(1, gw.drops().get(DropReason.ACCESS_DENIED));
  }

  @Test
  void aReconnectByAuthTokenKeepsTheFactsOfTheFullLoginItContinues() {
    var tokens =
        new org.p2sgate.auth.token.AuthTokens(
            "a-shared-secret-of-enough-length".getBytes(StandardCharsets.UTF_8),
            java.time.Duration.ofHours(8),
            java.time.Clock.systemUTC());
    // RADIUS-like: the password login carries Class eng; a token login (as the gateway's
    // Authentication makes it) carries the session it continues and no group facts
    Authenticator radiusLike =
        (c, ctx) ->
            CompletableFuture.completedFuture(
                c.password().equals("annpass")
                    ? new AuthResult.Accepted("ann", Map.of(), Set.of("radius-class:eng"))
                    : tokens
                        .verify(c.username(), c.password())
                        .<AuthResult>map(
                            t ->
                                new AuthResult.Accepted(
                                    t.identity(),
                                    Map.of(
                                        "auth",
                                        "token",
                                        org.p2sgate.auth.token.AuthTokens.SESSION_ATTRIBUTE,
                                        t.sessionId())))
                        .orElseGet(() -> new AuthResult.Rejected("wrong password")));
    TestGateway gw =
        TestGateway.builder().access(POLICY).tokens(tokens).authenticator(radiusLike).build();
    TestOpenVpnClient first =
        gw.establish(PEER, gw.clientConfig("laptop").withCredentials("ann", "annpass"));
    String token = first.authToken();

    TestPeer moved = TestPeer.udp("198.18.0.2", 41001);
    TestOpenVpnClient again =
        gw.establish(moved, gw.clientConfig("laptop").withCredentials("ann", token));
    assertTrue(again.pushOptions().contains("route 10.20.0.0 255.255.0.0"), again.pushReply());
    again.sendIp(udp(again, "10.20.0.1", 53), gw.now());
    gw.exchange();
    assertEquals(1, gw.out.takeTun().size(), "still in eng");
    assertEquals(0, gw.drops().get(DropReason.ACCESS_DENIED));

    // once that session is gone, the token alone carries no group: the default (deny)
    again.sendExit(gw.now());
    gw.exchange();
    gw.advance(10_000);
    assertEquals(0, gw.sessions.sessionCount());
    TestOpenVpnClient later =
        gw.establish(
            TestPeer.udp("198.18.0.2", 41002),
            gw.clientConfig("laptop").withCredentials("ann", token));
    assertFalse(later.pushReply().contains("10.20.0.0"), later.pushReply());
    later.sendIp(udp(later, "10.20.0.1", 53), gw.now());
    gw.exchange();
    assertTrue(gw.out.takeTun().isEmpty());
    assertEquals(1, gw.drops().get(DropReason.ACCESS_DENIED));
  }
}
