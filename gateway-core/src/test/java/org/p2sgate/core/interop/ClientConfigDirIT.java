package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A server.conf with {@code client-config-dir}, and real 2.6 clients: one with a static address, a
 * route of its own and a pushed option removed; one whose file says {@code disable}; one whose file
 * has an {@code iroute}, which p2sgate refuses naming the file and line.
 */
@Tag("netns")
class ClientConfigDirIT {
  @Test
  void staticAddressPerClientRoutesPushRemoveAndRefusals() throws Exception {
    try (Testbed bed = new Testbed(3)) {
      Path ccd = Files.createDirectories(bed.dir.resolve("ccd"));
      Files.writeString(
          ccd.resolve("client01"),
          """
          # a static address, a route of its own, no DNS option
          ifconfig-push 10.8.0.77 255.255.255.0
          push "route 198.18.9.0 255.255.255.0"
          push-remove dhcp-option
          """);
      Files.writeString(ccd.resolve("client02"), "disable\n");
      Files.writeString(
          ccd.resolve("client03"),
          "push \"route 10.1.0.0 255.255.0.0\"\niroute 192.168.50.0 255.255.255.0\n");
      bed.startEcho();
      GatewayUnderTest gw =
          new GatewayUnderTest(
                  bed,
                  "ccd",
                  "udp",
                  "tls-crypt",
                  List.of("push \"dhcp-option DOMAIN corp.example\"", "client-config-dir " + ccd))
              .start();
      OpenVpnClient c1 = new OpenVpnClient(bed, 1, "udp", "tls-crypt", "client01", List.of());
      OpenVpnClient c2 = new OpenVpnClient(bed, 2, "udp", "tls-crypt", "client02", List.of());
      OpenVpnClient c3 = new OpenVpnClient(bed, 3, "udp", "tls-crypt", "client03", List.of());
      try {
        c1.start().awaitUp();
        assertEquals("10.8.0.77", c1.tunnelIp, "the address of its ifconfig-push");
        Traffic.echo(bed, c1.tunnelIp, 1 << 20);
        String route = Sh.ns(bed.client, "ip", "-4", "route", "show", "198.18.9.0/24");
        assertTrue(route.contains("dev " + c1.dev), "the client's own route: " + route);
        String reply = pushReply(c1.log());
        assertTrue(reply.contains("route 198.18.9.0 255.255.255.0"), reply);
        assertTrue(reply.contains("route 198.18.1.0 255.255.255.0"), reply);
        assertFalse(reply.contains("dhcp-option"), "push-remove dhcp-option: " + reply);

        c2.start();
        c3.start();
        Testbed.awaitLog(c2.log, "AUTH_FAILED", c2.process, 30_000);
        Testbed.awaitLog(c3.log, "AUTH_FAILED", c3.process, 30_000);
        assertFalse(c2.log().contains("Initialization Sequence Completed"));
        assertFalse(c3.log().contains("Initialization Sequence Completed"));
        String log = gw.log();
        assertTrue(log.contains(ccd.resolve("client02") + ": disable"), log);
        assertTrue(log.contains(ccd.resolve("client03") + ":2: 'iroute' is not supported"), log);
        assertFalse(c3.log().contains(ccd.toString()), "the client is not told the server's paths");
        assertTrue(c1.ping(), "client01 unaffected");
      } finally {
        c1.stop();
        c2.stop();
        c3.stop();
        assertTrue(gw.stop());
      }
    }
  }

  /** The PUSH_REPLY line of a client's log at verb 4. */
  static String pushReply(String log) {
    return log.lines()
        .filter(l -> l.contains("PUSH_REPLY"))
        .filter(l -> l.contains("ifconfig"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no PUSH_REPLY in the client's log:\n" + log));
  }
}
