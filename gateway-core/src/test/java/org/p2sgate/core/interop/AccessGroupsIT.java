package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Access groups with real 2.6 clients: two users whose certificates differ by OU, over the same
 * gateway, the private network holding two hosts. Each user reaches its group's host (ping and a
 * TCP echo) and not the other's, though the gateway pushes both the whole private network: the
 * gateway enforces the allow-list on every packet, whatever the client routes. Each also gets only
 * its own group's pushed route, and one group its own part of the address pool. Then the same with
 * the groups from a real FreeRADIUS (Class, Filter-Id).
 */
@Tag("netns")
class AccessGroupsIT {
  static final String HOST_A = Testbed.PRIVATE_HOST;
  static final String HOST_B = "198.18.1.3";

  @Test
  void eachGroupReachesItsHostAndNotTheOther() throws Exception {
    try (Testbed bed = new Testbed(0)) {
      bed.pki.leaf("ann", "ca", "clientAuth", Pki.EC_P256, "/OU=Engineering/CN=ann");
      bed.pki.leaf("bob", "ca", "clientAuth", Pki.EC_P256, "/OU=Finance/CN=bob");
      secondHost(bed);
      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
                  bed,
                  "access",
                  "udp",
                  """
                  access:
                    default: deny
                    groups:
                      - name: eng
                        match: [ cert-ou:Engineering ]
                        pool: 10.8.0.64/26
                        push-routes: [ 198.18.7.0/24 ]
                        allow: [ %s/32 ]
                      - name: finance
                        match: [ cert-ou:Finance ]
                        push-routes: [ 198.18.8.0/24 ]
                        allow: [ %s/32:tcp/7000, %s/32:icmp ]
                  admin: { listen: 127.0.0.1:9194, token-file: %s }
                  """
                      .formatted(HOST_A, HOST_B, HOST_B, bed.dir.resolve("admin.token")))
              .start();
      // route-noexec: each client routes the private network through its own tun by source
      OpenVpnClient ann =
          new OpenVpnClient(bed, 1, "udp", "tls-crypt", "ann", List.of("route-noexec"));
      OpenVpnClient bob =
          new OpenVpnClient(bed, 2, "udp", "tls-crypt", "bob", List.of("route-noexec"));
      try {
        ann.start();
        bob.start();
        ann.awaitUp(HOST_A);
        bob.awaitUp(HOST_B);

        int annHost = Integer.parseInt(ann.tunnelIp.substring(ann.tunnelIp.lastIndexOf('.') + 1));
        assertTrue(
            ann.tunnelIp.startsWith("10.8.0.") && annHost >= 64 && annHost < 128,
            "eng's pool 10.8.0.64/26: " + ann.tunnelIp);
        assertReachesOnly(bed, ann, HOST_A, HOST_B);
        assertReachesOnly(bed, bob, HOST_B, HOST_A);
        assertDenied(bed, 4);

        String annPush = ClientConfigDirIT.pushReply(ann.log());
        assertTrue(annPush.contains("route 198.18.7.0 255.255.255.0"), annPush);
        assertFalse(annPush.contains("198.18.8.0"), annPush);
        String bobPush = ClientConfigDirIT.pushReply(bob.log());
        assertTrue(bobPush.contains("route 198.18.8.0 255.255.255.0"), bobPush);
        assertFalse(bobPush.contains("198.18.7.0"), bobPush);
      } finally {
        ann.stop();
        bob.stop();
        assertTrue(gw.stop());
      }
    }
  }

  /**
   * The same, with the groups from RADIUS: a real FreeRADIUS sends eve a Class "eng" and frank a
   * Filter-Id "finance"; both clients' certificates are alike (no OU).
   */
  @Test
  void groupsFromRadiusClassAndFilterId() throws Exception {
    try (Testbed bed = new Testbed(2);
        org.p2sgate.auth.radius.FreeRadiusServer radius =
            RadiusYaml.inGatewayNamespace(bed, "radius")) {
      secondHost(bed);
      String auth =
          RadiusYaml.auth("certificate+radius", List.of(), List.of(), ", timeout: 2s", radius);
      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
                  bed,
                  "access-radius",
                  "udp",
                  auth
                      + """

                      access:
                        groups:
                          - { name: eng, match: [ radius-class:eng ], allow: [ %s/32 ] }
                          - { name: finance, match: [ radius-filter-id:finance ], allow: [ %s/32 ] }
                      admin: { listen: 127.0.0.1:9194, token-file: %s }
                      """
                          .formatted(HOST_A, HOST_B, bed.dir.resolve("admin.token")))
              .start();
      java.nio.file.Path evePass = bed.dir.resolve("eve.pass");
      java.nio.file.Files.writeString(evePass, "eve\nevepass\n");
      java.nio.file.Path frankPass = bed.dir.resolve("frank.pass");
      java.nio.file.Files.writeString(frankPass, "frank\nfrankpass\n");
      OpenVpnClient eve =
          OpenVpnClient.withPassword(bed, 1, "client01", evePass, "auth-nocache", "route-noexec");
      OpenVpnClient frank =
          OpenVpnClient.withPassword(bed, 2, "client02", frankPass, "auth-nocache", "route-noexec");
      try {
        eve.start();
        frank.start();
        eve.awaitUp(HOST_A);
        frank.awaitUp(HOST_B);
        assertReachesOnly(bed, eve, HOST_A, HOST_B);
        assertReachesOnly(bed, frank, HOST_B, HOST_A);
        assertDenied(bed, 4);
      } finally {
        eve.stop();
        frank.stop();
        assertTrue(gw.stop());
      }
    }
  }

  /** A second host on the private network, {@link #HOST_B}, with an echo server like host A's. */
  private static void secondHost(Testbed bed) throws Exception {
    Sh.ns(bed.vnet, "ip", "addr", "add", HOST_B + "/24", "dev", bed.tag + "e");
    bed.startEcho();
    bed.start(
        bed.vnet,
        bed.dir.resolve("echo-b.log"),
        "socat",
        "TCP-LISTEN:7000,bind=" + HOST_B + ",reuseaddr,fork",
        "EXEC:cat");
  }

  /** {@code c} pings and echoes through {@code own} and neither reaches {@code other}. */
  private static void assertReachesOnly(Testbed bed, OpenVpnClient c, String own, String other) {
    assertTrue(echo(bed, c.tunnelIp, own), c.name + " echoes through " + own);
    assertFalse(c.ping(other), c.name + " pings " + other);
    assertFalse(echo(bed, c.tunnelIp, other), c.name + " echoes through " + other);
  }

  /**
   * The gateway dropped at least {@code n} packets as access_denied: the clients route the whole
   * private network into the tunnel, so the gateway, not their routes, kept them out.
   */
  private static void assertDenied(Testbed bed, int n) {
    String metrics = AdminApiIT.curl(bed, "/metrics");
    java.util.regex.Matcher denied =
        java.util.regex.Pattern.compile(
                "p2sgate_drops_total\\{reason=\"access_denied\"[^}]*\\} ([0-9.E]+)")
            .matcher(metrics);
    assertTrue(denied.find(), metrics);
    assertTrue(Double.parseDouble(denied.group(1)) >= n, denied.group());
  }

  /** A short TCP echo from {@code tunIp} to {@code host}:7000, given up on after 3 s. */
  private static boolean echo(Testbed bed, String tunIp, String host) {
    Sh.Result r =
        Sh.tryNs(
            bed.client,
            "sh",
            "-c",
            "echo access-check | timeout 5 socat -T 3 - TCP:"
                + host
                + ":7000,bind="
                + tunIp
                + ",connect-timeout=3");
    return r.exit() == 0 && r.output().strip().equals("access-check");
  }
}
