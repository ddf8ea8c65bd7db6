package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.auth.radius.FreeRadiusServer;

/**
 * Certificate plus RADIUS: the real openvpn client with {@code auth-user-pass}, a real FreeRADIUS
 * in the gateway's namespace, our gateway with {@code policy: certificate+radius}. The login and
 * the refusal run with both client generations (decision 0025), the rest with 2.6.
 */
@Tag("netns")
class RadiusInteropIT {

  @ParameterizedTest(name = "{0}")
  @EnumSource(ClientGeneration.class)
  void goodPasswordConnectsWrongPasswordGetsAuthFailed(ClientGeneration generation)
      throws Exception {
    try (Testbed bed = new Testbed(2);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      String auth =
          RadiusYaml.auth(
              "certificate+radius",
              List.of("  timeout: 10s"),
              List.of("    accounting: true"),
              ", timeout: 2s, retries: 1",
              radius);
      GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "radius", "udp", auth);
      gw.start();
      try {
        Path good = bed.dir.resolve("alice.pass");
        Files.writeString(good, "alice\nalicepass\n");
        OpenVpnClient ok =
            OpenVpnClient.withPassword(bed, 1, "client01", good, "auth-nocache")
                .generation(generation)
                .start()
                .awaitUp();
        // FreeRADIUS sends Framed-IP-Address 10.8.0.42 for alice: the gateway honours it
        assertEquals("10.8.0.42", ok.tunnelIp);
        ok.stop();

        Path bad = bed.dir.resolve("bad.pass");
        Files.writeString(bad, "alice\nnot-her-password\n");
        OpenVpnClient refused =
            OpenVpnClient.withPassword(bed, 2, "client02", bad, "auth-nocache")
                .generation(generation)
                .start();
        Testbed.awaitLog(refused.log, "AUTH_FAILED", null, 20_000);
        assertFalse(refused.log().contains("Initialization Sequence Completed"));
        refused.stop();
      } finally {
        assertTrue(gw.stop());
      }
      // accounting Start and Stop for alice's session reached FreeRADIUS, Class echoed
      String detail = RadiusYaml.awaitDetail(radius, "Acct-Status-Type = Stop");
      assertTrue(detail.contains("Acct-Status-Type = Start"), detail);
      assertTrue(detail.contains("Acct-Status-Type = Stop"), detail);
      assertTrue(detail.contains("Class = 0x616c6963652d636c617373"), detail);
      assertTrue(detail.contains("Acct-Input-Octets"), detail);
      String log = gw.log();
      assertTrue(log.contains("alice authenticated, " + generation.inGatewayLog), log);
      assertTrue(log.contains("AUTH refused: user=alice cn=client02 method=radius"), log);
      assertFalse(log.contains("not-her-password"), "passwords never reach the log");
      assertFalse(log.contains("alicepass"), "passwords never reach the log");
    }
  }

  /**
   * After a full RADIUS login (MS-CHAPv2 here) the gateway pushes an auth-token; the client
   * reconnects with it (here after a SIGUSR1 restart) without RADIUS being asked: FreeRADIUS is
   * already stopped.
   */
  @Test
  void aPushedAuthTokenLetsTheClientReconnectWithoutRadius() throws Exception {
    try (Testbed bed = new Testbed(1);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      String auth =
          RadiusYaml.auth(
              "certificate+radius",
              List.of(RadiusYaml.tokenLine(bed)),
              List.of("    method: mschapv2"),
              ", timeout: 1s, retries: 0",
              radius);
      GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "token", "udp", auth);
      gw.start();
      try {
        Path pass = bed.dir.resolve("alice.pass");
        Files.writeString(pass, "alice\nalicepass\n");
        OpenVpnClient c =
            OpenVpnClient.withPassword(bed, 1, "client01", pass, "auth-nocache").start().awaitUp();
        radius.stop();
        Sh.run("kill", "-USR1", String.valueOf(c.process.pid()));
        c.awaitConnections(2, 30_000); // reconnected with the token
        c.awaitUp(); // the new session's address, and a ping through it
        c.stop();
      } finally {
        assertTrue(gw.stop());
      }
      assertFalse(gw.log().contains("P2S"), "tokens never reach the log");
    }
  }

  /**
   * RADIUS Session-Timeout: after it the gateway tells the client to reconnect (RESTART), and the
   * client logs in again; accounting says why the first session ended.
   */
  @Test
  void sessionTimeoutMakesTheClientLogInAgain() throws Exception {
    try (Testbed bed = new Testbed(1);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      String auth =
          RadiusYaml.auth(
              "certificate+radius",
              List.of(),
              List.of("    accounting: true"),
              ", timeout: 2s, retries: 1",
              radius);
      GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "session-timeout", "udp", auth);
      gw.start();
      try {
        Path pass = bed.dir.resolve("bob.pass");
        Files.writeString(pass, "bob\nbobpass\n");
        OpenVpnClient c =
            OpenVpnClient.withPassword(bed, 1, "client01", pass, "auth-nocache").start().awaitUp();
        c.awaitConnections(2, 40_000); // told to reconnect, and logged in again
        assertTrue(c.log().contains("server-pushed-connection-reset"), Testbed.tail(c.log, 30));
        c.stop();
      } finally {
        assertTrue(gw.stop());
      }
      assertTrue(gw.log().contains("Session-Timeout reached"), gw.log());
      String detail = RadiusYaml.awaitDetail(radius, "Acct-Terminate-Cause = Session-Timeout");
      assertTrue(detail.contains("Acct-Terminate-Cause = Session-Timeout"), detail);
    }
  }
}
