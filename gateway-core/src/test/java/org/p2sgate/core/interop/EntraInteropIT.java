package org.p2sgate.core.interop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.p2sgate.auth.entra.TestIdp;
import org.p2sgate.auth.radius.FreeRadiusServer;

/**
 * Entra ID tokens with the real openvpn client, as the Azure VPN Client logs in: username {@code
 * AzureAD}, an access token as the password, and no client certificate ({@code policy: entra}). The
 * tokens come from a real OIDC server (mock-oauth2-server) whose discovery document and JWKS the
 * gateway fetches itself, through {@link OidcBridge}.
 *
 * <p>The 2.6 and 2.7 clients' limits, from their sources: a password (token) line of at most {@code
 * USER_PASS_LEN} - 1 = 4095 bytes (builds with PKCS#11, as Debian's, the installers' and ours of
 * 2.7; 127 otherwise), and the whole key-method-2 message (options, username, password, peer-info)
 * in a 2048-byte buffer ({@code TLS_CHANNEL_BUF_SIZE}). So a stock client carries tokens of about
 * 1.5 KB; the larger tokens of the Azure VPN Client are checked at protocol level ({@code
 * DeferredAuthTest}). The first test runs with both client generations (decision 0025).
 */
@Tag("netns")
class EntraInteropIT {
  private static final String TENANT = TestIdp.TENANT;
  private static final String AUDIENCE = TestIdp.AUD;

  @ParameterizedTest(name = "{0}")
  @EnumSource(ClientGeneration.class)
  void aValidTokenConnectsAndBadOnesAreRefusedWithTheirReason(ClientGeneration generation)
      throws Exception {
    TestIdp idp = new TestIdp();
    try (Testbed bed = new Testbed(3);
        OidcBridge bridge = new OidcBridge(bed, idp.server.baseUrl().port())) {
      GatewayUnderTest gw = GatewayUnderTest.yaml(bed, "entra", "udp", authYaml(idp, "entra", ""));
      gw.start();
      String good = alice(idp, AUDIENCE, 3600);
      // each bad token, and the reason the operator's log must give for it
      Map<String, String> bad = new java.util.LinkedHashMap<>();
      bad.put(alice(idp, AUDIENCE, -600), "token expired");
      bad.put(alice(idp, "00000000-0000-0000-0000-000000000001", 3600), "wrong audience");
      bad.put(
          idp.token(Map.of("upn", "alice@example.org", "tid", "other-tenant"), AUDIENCE, 3600),
          "wrong tenant");
      int sig = good.lastIndexOf('.') + 10;
      bad.put(
          good.substring(0, sig) + (good.charAt(sig) == 'A' ? 'B' : 'A') + good.substring(sig + 1),
          "bad signature");
      bad.put(
          TestIdp.sign(
              idp.claims().build(), TestIdp.newKey("kid-not-published"), "kid-not-published"),
          "unknown signing key");
      try {
        assertTrue(good.length() < 1500, "fits a stock client: " + good.length());
        // renegotiating every 5 s, the client sends its token again: the session goes on
        OpenVpnClient ok =
            tokenClient(bed, 1, "udp", good, "reneg-sec 5")
                .generation(generation)
                .start()
                .awaitUp();
        Thread.sleep(12_000);
        assertTrue(ok.ping(), "tunnel alive after renegotiations");
        ok.stop();

        int index = 2;
        for (String token : bad.keySet()) {
          OpenVpnClient refused =
              tokenClient(bed, index++, "udp", token).generation(generation).start();
          Testbed.awaitLog(refused.log, "AUTH_FAILED", null, 30_000);
          assertFalse(refused.log().contains("Initialization Sequence Completed"));
          refused.stop();
        }
      } finally {
        assertTrue(gw.stop());
        idp.close();
      }
      String log = gw.log();
      assertTrue(log.contains("AUTH refused: user=AzureAD cn=- method=entra"), log);
      assertTrue(log.contains("alice@example.org authenticated, " + generation.inGatewayLog), log);
      assertTrue(OpenVpnInteropIT.count(log, "client started renegotiation") >= 2, log);
      assertFalse(log.contains("renegotiation without the session's credentials"), log);
      for (var b : bad.entrySet()) {
        assertTrue(
            log.contains("method=entra reason=\"" + b.getValue()), b.getValue() + ":\n" + log);
        String t = b.getKey();
        assertFalse(
            log.contains(t.substring(t.lastIndexOf('.') + 1)), "tokens never reach the log");
      }
      assertFalse(log.contains(good.substring(good.lastIndexOf('.') + 1)), "nor the good one");
    }
  }

  /**
   * One gateway, two policies: certificate + RADIUS for managed devices (here over UDP), Entra ID
   * tokens for the Azure VPN Client (here over TCP, on the same port). Each client gets the policy
   * its credentials fit; one that fits neither (no certificate, not AzureAD) is refused. With
   * auth-token on, the Entra client renegotiates with the pushed token instead of its Entra token.
   */
  @Test
  void oneGatewayServesCertificatePlusRadiusAndEntraUsersSideBySide() throws Exception {
    TestIdp idp = new TestIdp();
    try (Testbed bed = new Testbed(3);
        OidcBridge bridge = new OidcBridge(bed, idp.server.baseUrl().port());
        FreeRadiusServer radius = RadiusYaml.inGatewayNamespace(bed, "radius")) {
      String radiusBlock =
          RadiusYaml.auth("x", List.of(), List.of(), ", timeout: 2s, retries: 1", radius);
      Path secret = bed.dir.resolve("token.secret");
      Files.writeString(secret, "a-shared-secret-of-enough-length-" + System.nanoTime() + "\n");
      String servers =
          "  token: { secret-file: "
              + secret
              + ", lifetime: 1h }\n"
              + radiusBlock.substring(radiusBlock.indexOf("  radius:"));
      GatewayUnderTest gw =
          GatewayUnderTest.yaml(
              bed, "two-policies", "udp+tcp", authYaml(idp, "certificate+radius, entra", servers));
      gw.start();
      try {
        Path alicePass = bed.dir.resolve("alice.pass");
        Files.writeString(alicePass, "alice\nalicepass\n");
        OpenVpnClient managed =
            OpenVpnClient.withPassword(bed, 1, "client01", alicePass, "route-noexec")
                .start()
                .awaitUp();
        // with an auth-token pushed, the client renegotiates with it instead of the Entra token
        OpenVpnClient azure =
            tokenClient(bed, 2, "tcp", alice(idp, AUDIENCE, 3600), "route-noexec", "reneg-sec 4")
                .start()
                .awaitUp();
        Thread.sleep(6_000);
        // both at once, through the same listener
        assertTrue(managed.ping() && azure.ping());
        managed.stop();
        azure.stop();

        OpenVpnClient neither = OpenVpnClient.withPassword(bed, 3, null, alicePass);
        neither.start();
        Testbed.awaitLog(neither.log, "AUTH_FAILED", null, 30_000);
        neither.stop();
      } finally {
        assertTrue(gw.stop());
        idp.close();
      }
      String log = gw.log();
      assertTrue(log.contains("alice authenticated"), log);
      assertTrue(log.contains("alice@example.org authenticated"), log);
      assertTrue(log.contains("method=policy reason=\"no policy fits"), log);
      assertTrue(log.contains("/tcp sid=") && log.contains("client started renegotiation"), log);
      assertFalse(log.contains("renegotiation without the session's credentials"), log);
      assertFalse(log.contains("alicepass"), "passwords never reach the log");
    }
  }

  /** The auth block: {@code policy}, the mock IdP as the Entra tenant, then {@code more}. */
  private static String authYaml(TestIdp idp, String policy, String more) {
    return String.join(
        "\n",
        "auth:",
        "  policy: " + policy,
        "  timeout: 15s",
        "  entra:",
        "    tenant: " + TENANT,
        "    issuers: [ \"" + idp.issuer() + "\" ]",
        "    discovery-url: " + idp.server.wellKnownUrl(TENANT),
        more);
  }

  /** A real RS256 token from the IdP for alice@example.org (tid set by TestIdp). */
  private static String alice(TestIdp idp, String audience, long expirySeconds) {
    return idp.token(Map.of("upn", "alice@example.org"), audience, expirySeconds);
  }

  /** A client without a certificate whose password is the token, as the Azure VPN Client sends. */
  private static OpenVpnClient tokenClient(
      Testbed bed, int index, String proto, String token, String... more) throws Exception {
    Path pass = bed.dir.resolve("azuread-" + index + ".pass");
    Files.writeString(pass, "AzureAD\n" + token + "\n");
    List<String> extra = new java.util.ArrayList<>(List.of("auth-user-pass " + pass));
    extra.addAll(List.of(more));
    return new OpenVpnClient(bed, index, proto, "tls-crypt", null, extra);
  }
}
