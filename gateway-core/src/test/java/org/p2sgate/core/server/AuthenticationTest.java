package org.p2sgate.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.config.AuthSettings;
import org.p2sgate.core.session.GatewayContext;

class AuthenticationTest {

  @Test
  void certificateOnlyByDefault() throws Exception {
    assertSame(GatewayContext.certificateOnly(), Authentication.build(AuthSettings.CERTIFICATE));
  }

  @Test
  void aPolicyNamingAnUnconfiguredMethodIsAStartupError() {
    StartupException e =
        assertThrows(
            StartupException.class,
            () ->
                Authentication.build(
                    new AuthSettings(
                        "certificate+radius",
                        null,
                        null,
                        Duration.ofSeconds(5),
                        null,
                        org.p2sgate.auth.cert.IdentitySource.COMMON_NAME)));
    assertEquals(
        "auth: policy 'default' needs method 'radius', which is not configured", e.getMessage());
  }

  @Test
  void theCertificateMethodNamesTheUserFromTheConfiguredSource() throws Exception {
    var pki = org.p2sgate.core.testing.TestPki.create("roots");
    var creds =
        new org.p2sgate.auth.Credentials(java.util.List.of(pki.client("alice").cert()), "", "");
    var ctx =
        new org.p2sgate.auth.AuthContext(
            new java.net.InetSocketAddress("192.0.2.1", 1194), "s", java.util.Map.of());
    var byCn =
        GatewayContext.certificateOnly(org.p2sgate.auth.cert.IdentitySource.COMMON_NAME)
            .authenticate(creds, ctx)
            .toCompletableFuture()
            .join();
    assertEquals(new org.p2sgate.auth.AuthResult.Accepted("alice", java.util.Map.of()), byCn);
    var byEmail =
        GatewayContext.certificateOnly(org.p2sgate.auth.cert.IdentitySource.EMAIL)
            .authenticate(creds, ctx)
            .toCompletableFuture()
            .join();
    assertEquals(
        new org.p2sgate.auth.AuthResult.Rejected("no e-mail address in subjectAltName"), byEmail);
  }

  private static AuthSettings policy(String spec) {
    return new AuthSettings(
        spec,
        null,
        null,
        Duration.ofSeconds(5),
        null,
        org.p2sgate.auth.cert.IdentitySource.COMMON_NAME);
  }

  @Test
  void theTlsHandshakeAsksForACertificateOnlyWhereAPolicyNeedsOne() {
    assertEquals(
        org.p2sgate.core.tls.ClientCertMode.REQUIRED,
        Authentication.certificateMode(policy("certificate+radius")));
    assertEquals(
        org.p2sgate.core.tls.ClientCertMode.OPTIONAL,
        Authentication.certificateMode(policy("certificate+radius, entra")));
    assertEquals(
        org.p2sgate.core.tls.ClientCertMode.NONE,
        Authentication.certificateMode(policy("radius,entra")));
  }

  @Test
  void everyPolicyOfAListIsValidatedAtStartup() {
    StartupException e =
        assertThrows(
            StartupException.class, () -> Authentication.build(policy("certificate, entra")));
    assertEquals(
        "auth: policy 'entra' needs method 'entra', which is not configured", e.getMessage());
  }

  @Test
  void anAuthTokenStandsInForThePasswordOnlyAndLastsUntilItExpires() throws Exception {
    var pki = org.p2sgate.core.testing.TestPki.create("roots");
    var cert = java.util.List.of(pki.client("alice").cert());
    var tokens =
        new org.p2sgate.auth.token.AuthTokens(
            "a-shared-secret-of-enough-length".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Duration.ofHours(8),
            java.time.Clock.systemUTC());
    String token = tokens.issue("alice", "s-1");
    org.p2sgate.auth.Authenticator neverAsked =
        (c, ctx) -> {
          throw new AssertionError("the policy's methods are not asked for a token");
        };
    var auth =
        Authentication.withTokens(
            neverAsked, tokens, Authentication.fitsAnyPolicy(policy("certificate+radius")));
    var ctx =
        new org.p2sgate.auth.AuthContext(
            new java.net.InetSocketAddress("192.0.2.1", 1194), "s-2", java.util.Map.of());

    var withCert =
        auth.authenticate(new org.p2sgate.auth.Credentials(cert, "alice", token), ctx)
            .toCompletableFuture()
            .join();
    var accepted = (org.p2sgate.auth.AuthResult.Accepted) withCert;
    assertEquals("alice", accepted.identity());
    long timeout = Long.parseLong(accepted.attributes().get("Session-Timeout"));
    assertTrue(timeout > 8 * 3600 - 60 && timeout <= 8 * 3600, "until the token expires");

    var withoutCert =
        auth.authenticate(
                new org.p2sgate.auth.Credentials(java.util.List.of(), "alice", token), ctx)
            .toCompletableFuture()
            .join();
    assertEquals("auth-token", ((org.p2sgate.auth.AuthResult.Rejected) withoutCert).method());

    var forged =
        auth.authenticate(new org.p2sgate.auth.Credentials(cert, "alice", token + "x"), ctx)
            .toCompletableFuture()
            .join();
    assertTrue(forged instanceof org.p2sgate.auth.AuthResult.Rejected, forged.toString());
  }
}
