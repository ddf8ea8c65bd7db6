package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.radius.FreeRadiusServer;

/**
 * Certificate plus RADIUS OTP with the real openvpn client answering through its management
 * interface, as a GUI would: the dynamic (CRV1) challenge relayed from a FreeRADIUS
 * Access-Challenge, the static challenge in both of its RADIUS mappings, and failover from a
 * stopped primary to the secondary, then both down.
 */
@Tag("netns")
class RadiusChallengeIT {
  private static final long WAIT_MS = 20_000;

  @Test
  void aRadiusChallengeReachesTheUserAndTheirOtpLetsThemIn() throws Exception {
    try (Testbed bed = new Testbed(2);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
              bed,
              "crv1",
              "udp",
              RadiusYaml.auth(
                  "certificate+radius", List.of(), List.of(), ", timeout: 2s, retries: 1", radius));
      gw.start();
      try {
        Path sock = bed.dir.resolve("mgmt1.sock");
        OpenVpnClient c = managedClient(bed, 1, sock, List.of()).start();
        try (Management m = Management.connect(sock, c.process, c.log)) {
          m.await(">PASSWORD:Need 'Auth' username/password", WAIT_MS);
          m.credentials("otpuser", "otppass");
          String failed = m.await(">PASSWORD:Verification Failed: 'Auth' ['CRV1:", WAIT_MS);
          String crv1 = failed.substring(failed.indexOf("['") + 2, failed.lastIndexOf("']"));
          String[] f = crv1.split(":", 5);
          assertTrue(f[1].startsWith("R"), "a response is required: " + crv1);
          assertEquals(b64("otpuser"), f[3], crv1);
          assertEquals("Enter your OTP", f[4], "FreeRADIUS' Reply-Message is the prompt");
          m.await(">PASSWORD:Need 'Auth' username/password", WAIT_MS);
          m.credentials("otpuser", "CRV1::" + f[2] + "::424242");
          c.awaitUp();
        }
        c.stop();

        // a wrong OTP is a plain refusal, not another challenge
        Path sock2 = bed.dir.resolve("mgmt2.sock");
        OpenVpnClient wrong = managedClient(bed, 2, sock2, List.of()).start();
        try (Management m = Management.connect(sock2, wrong.process, wrong.log)) {
          m.await(">PASSWORD:Need 'Auth' username/password", WAIT_MS);
          m.credentials("otpuser", "otppass");
          String failed = m.await(">PASSWORD:Verification Failed: 'Auth' ['CRV1:", WAIT_MS);
          String state = failed.split(":", 6)[3];
          m.await(">PASSWORD:Need 'Auth' username/password", WAIT_MS);
          m.credentials("otpuser", "CRV1::" + state + "::000000");
          String refused = m.await(">PASSWORD:Verification Failed: 'Auth'", WAIT_MS);
          assertFalse(refused.contains("CRV1"), refused);
        }
        assertFalse(wrong.log().contains("Initialization Sequence Completed"));
        wrong.stop();
      } finally {
        assertTrue(gw.stop());
      }
      String log = gw.log();
      assertTrue(log.contains("AUTH challenge: user=otpuser"), log);
      assertTrue(log.contains("AUTH refused: user=otpuser cn=client02 method=radius"), log);
      assertTrue(log.contains("otpuser authenticated"), log);
      assertFalse(log.contains("424242"), "OTP codes never reach the log");
      assertFalse(log.contains("otppass"), "passwords never reach the log");
    }
  }

  /**
   * {@code static-challenge}: the client asks for the OTP together with the password. The gateway
   * sends RADIUS either both concatenated in one request, or the password first and the OTP as the
   * answer to the Access-Challenge that follows.
   */
  @Test
  void aStaticChallengeAnswerWorksInBothRadiusMappings() throws Exception {
    try (Testbed bed = new Testbed(2);
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      int index = 0;
      for (String mode : List.of("concatenate", "challenge")) {
        index++;
        GatewayUnderTest gw =
            GatewayUnderTest.yaml(
                bed,
                "static-" + mode,
                "udp",
                RadiusYaml.auth(
                    "certificate+radius",
                    List.of(),
                    List.of("    static-challenge: " + mode),
                    ", timeout: 2s, retries: 1",
                    radius));
        gw.start();
        try {
          Path sock = bed.dir.resolve("static-" + mode + ".sock");
          OpenVpnClient c =
              managedClient(bed, index, sock, List.of("static-challenge \"Enter your OTP\" 1"))
                  .start();
          try (Management m = Management.connect(sock, c.process, c.log)) {
            String need = m.await(">PASSWORD:Need 'Auth' username/password", WAIT_MS);
            assertTrue(need.contains("SC:") && need.contains("Enter your OTP"), need);
            m.credentials("otpuser", "SCRV1:" + b64("otppass") + ":" + b64("424242"));
            c.awaitUp();
          }
          c.stop();
        } finally {
          assertTrue(gw.stop());
        }
        assertFalse(gw.log().contains("424242"), "OTP codes never reach the log");
      }
    }
  }

  @Test
  void aStoppedPrimaryFailsOverAndBothDownIsATemporaryFailure() throws Exception {
    try (Testbed bed = new Testbed(2);
        FreeRadiusServer primary = RadiusYaml.inGatewayNamespace(bed, "radius-a");
        FreeRadiusServer secondary = RadiusYaml.inGatewayNamespace(bed, "radius-b")) {
      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
              bed,
              "failover",
              "udp",
              RadiusYaml.auth(
                      "certificate+radius",
                      List.of("  timeout: 8s"),
                      List.of(),
                      ", timeout: 1s, retries: 0",
                      primary,
                      secondary)
                  + "\nadmin: { listen: 127.0.0.1:9194, token-file: "
                  + bed.dir.resolve("admin.token")
                  + ", backend-grace: 2s }");
      gw.start();
      try {
        Path pass = bed.dir.resolve("alice.pass");
        Files.writeString(pass, "alice\nalicepass\n");
        primary.stop();
        OpenVpnClient ok =
            OpenVpnClient.withPassword(bed, 1, "client01", pass, "auth-nocache").start().awaitUp();
        assertEquals("10.8.0.42", ok.tunnelIp, "the secondary's Framed-IP-Address");
        ok.stop();

        secondary.stop();
        long started = System.currentTimeMillis();
        OpenVpnClient refused =
            OpenVpnClient.withPassword(bed, 2, "client02", pass, "auth-nocache").start();
        Testbed.awaitLog(refused.log, "AUTH_FAILED", null, 30_000);
        long took = System.currentTimeMillis() - started;
        String clientLog = refused.log();
        assertTrue(clientLog.contains("AUTH_FAILED,TEMP"), Testbed.tail(refused.log, 20));
        assertFalse(clientLog.contains("Initialization Sequence Completed"));
        assertTrue(took >= 1_500, "refused only after both servers timed out: " + took + " ms");
        // every RADIUS server unanswered for longer than backend-grace: not ready, and why
        String ready = "";
        for (int i = 0; i < 40 && !ready.startsWith("not ready"); i++) {
          Thread.sleep(250);
          ready = AdminApiIT.curl(bed, "/readyz");
        }
        assertTrue(ready.startsWith("not ready: radius: no answer for"), ready);
        refused.stop();
      } finally {
        assertTrue(gw.stop());
      }
      String log = gw.log();
      assertTrue(log.contains("AUTH refused: user=alice cn=client02 method=radius"), log);
      assertTrue(log.contains("unavailable"), log);
      assertFalse(log.contains("alicepass"), "passwords never reach the log");
    }
  }

  private static OpenVpnClient managedClient(Testbed bed, int index, Path sock, List<String> more)
      throws Exception {
    List<String> extra = new ArrayList<>(Management.clientLines(sock));
    extra.addAll(more);
    extra.add("auth-nocache");
    return new OpenVpnClient(
        bed, index, "udp", "tls-crypt", String.format("client%02d", index), extra);
  }

  /** Base64 of UTF-8 {@code s}, as the static challenge's SCRV1 answer carries it. */
  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
