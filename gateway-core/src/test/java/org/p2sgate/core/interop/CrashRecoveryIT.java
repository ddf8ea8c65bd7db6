package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.radius.FreeRadiusServer;

/**
 * {@code kill -9} of the gateway with real clients connected, then a start again: every client is
 * back (tunnel up, ping through) within 15 s, with the address it had, by its auth-token: no RADIUS
 * round trip (FreeRADIUS is stopped before the crash), since the token secret is a file that
 * survives the crash, and the addresses were saved as they were handed out.
 */
@Tag("netns")
class CrashRecoveryIT {

  @Test
  void afterKillNineEveryClientIsBackWithItsAddressByItsToken() throws Exception {
    try (Testbed bed = new Testbed(2);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      String config =
          RadiusYaml.auth(
                  "certificate+radius",
                  List.of(RadiusYaml.tokenLine(bed)),
                  List.of(),
                  ", timeout: 1s, retries: 0",
                  radius)
              + "\nstate-dir: "
              + bed.dir.resolve("state");
      GatewayUnderTest gw = gateway(bed, "before-crash", config).start();
      Path carolPass = bed.dir.resolve("carol.pass");
      Files.writeString(carolPass, "carol\ncarolpass\n");
      Path davePass = bed.dir.resolve("dave.pass");
      Files.writeString(davePass, "dave\ndavepass\n");
      OpenVpnClient carol =
          OpenVpnClient.withPassword(bed, 1, "client01", carolPass, "auth-nocache", "route-noexec")
              .start()
              .awaitUp();
      OpenVpnClient dave =
          OpenVpnClient.withPassword(bed, 2, "client02", davePass, "auth-nocache", "route-noexec")
              .start()
              .awaitUp();
      String carolIp = carol.tunnelIp;
      String daveIp = dave.tunnelIp;
      GatewayUnderTest after = null;
      try {
        Thread.sleep(1_500); // addresses are saved within a second of being handed out
        radius.stop();
        // carol is held so that dave comes back first: he must not get her address
        Sh.run("kill", "-STOP", String.valueOf(carol.process.pid()));
        gw.process.destroyForcibly().waitFor(); // SIGKILL: no goodbye to anyone
        after = gateway(bed, "after-crash", config).start();
        long restarted = System.currentTimeMillis();
        dave.awaitConnections(2, 15_000);
        dave.awaitUp();
        long daveBack = System.currentTimeMillis() - restarted;
        Sh.run("kill", "-CONT", String.valueOf(carol.process.pid()));
        long resumed = System.currentTimeMillis();
        carol.awaitConnections(2, 15_000);
        carol.awaitUp();
        long carolBack = System.currentTimeMillis() - resumed;
        System.out.printf(
            "crash recovery: dave back %d ms after the restart, carol %d ms after resuming%n",
            daveBack, carolBack);
        assertTrue(daveBack < 15_000, "dave back after " + daveBack + " ms");
        assertTrue(carolBack < 15_000, "carol back after " + carolBack + " ms");
        assertEquals(daveIp, dave.tunnelIp, "dave keeps his address across the crash");
        assertEquals(carolIp, carol.tunnelIp, "carol keeps hers, though dave came back first");
        String log = after.log();
        assertFalse(log.contains("AUTH refused"), log);
        assertEquals(2, OpenVpnInteropIT.count(log, "authenticated"), log);
      } finally {
        Sh.tryRun("kill", "-CONT", String.valueOf(carol.process.pid()));
        carol.stop();
        dave.stop();
        if (after != null) {
          assertTrue(after.stop());
        }
      }
    }
  }

  private static GatewayUnderTest gateway(Testbed bed, String name, String config)
      throws Exception {
    return GatewayUnderTest.yaml(bed, name, "udp", config)
        .editYaml(
            y ->
                y.replace(
                    "keepalive: { interval: 10s, timeout: 60s }",
                    "keepalive: { interval: 2s, timeout: 10s }"));
  }
}
