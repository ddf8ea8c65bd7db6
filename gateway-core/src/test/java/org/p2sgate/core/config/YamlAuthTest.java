package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.radius.RadiusConfig;
import org.p2sgate.core.pki.DemoPki;

class YamlAuthTest {
  @TempDir static Path dir;

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static ParsedConfig load(String text) throws ConfigException {
    return YamlConfigLoaderTest.load(dir, text);
  }

  static String error(String text) {
    return YamlConfigLoaderTest.error(dir, text);
  }

  @Test
  void withoutAnAuthBlockItIsCertificateOnly() throws Exception {
    assertSame(AuthSettings.CERTIFICATE, load(YamlConfigLoaderTest.MIN).config().auth());
  }

  @Test
  void radiusServersPolicyAndTimeout() throws Exception {
    Files.writeString(dir.resolve("radius.secret"), "s3cret\n");
    AuthSettings a =
        load(YamlConfigLoaderTest.MIN
                + """
                    auth:
                      policy: Certificate+RADIUS
                      timeout: 90s
                      certificate-identity: upn
                      radius:
                        servers:
                          - { host: 10.0.0.5, secret-file: radius.secret }
                          - { host: 10.0.0.6, port: 11812, secret: other, timeout: 3s, retries: 0 }
                        method: mschapv2
                        static-challenge: challenge
                        nas-ip-address: 192.0.2.10
                        interim-interval: 10m
                    """)
            .config()
            .auth();
    assertEquals("certificate+radius", a.policy());
    assertEquals(Duration.ofSeconds(90), a.timeout());
    assertEquals(org.p2sgate.auth.cert.IdentitySource.UPN, a.certificateIdentity());
    assertEquals("s3cret", a.radius().primary().secret(), "the file's text, stripped");
    assertEquals(1812, a.radius().primary().port());
    assertEquals(11812, a.radius().secondary().orElseThrow().port());
    assertEquals(RadiusConfig.AuthMethod.MSCHAPV2, a.radius().authMethod());
    assertEquals(RadiusConfig.StaticChallengeMode.TWO_ROUNDS, a.radius().staticChallenge());
    assertEquals("192.0.2.10", a.radius().nasIpAddress().orElseThrow().getHostAddress());
    assertEquals(Duration.ofMinutes(10), a.radius().interimInterval());
    assertNull(a.entra());
    assertFalse(a.toString().contains("s3cret"), "secrets never printed");
  }

  @Test
  void badAuthSettingsAreOneLineErrors() throws Exception {
    String noServers =
        error(YamlConfigLoaderTest.MIN + "auth: { policy: radius, radius: { servers: [] } }\n");
    assertTrue(noServers.contains("auth.radius.servers"), noServers);
    String noSecret =
        error(YamlConfigLoaderTest.MIN + "auth: { radius: { servers: [ { host: 10.0.0.5 } ] } }\n");
    assertTrue(noSecret.contains("secret-file"), noSecret);
    String method =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { radius: { servers: [ { host: h, secret: s } ], method: chap } }\n");
    assertTrue(method.contains("pap or mschapv2"), method);
    String identity = error(YamlConfigLoaderTest.MIN + "auth: { certificate-identity: dn }\n");
    assertTrue(identity.contains("cn (the subject's common name), upn or email"), identity);
    String staticMode =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { radius: { servers: [ { host: h, secret: s } ], static-challenge: x } }\n");
    assertTrue(staticMode.contains("concatenate") && staticMode.contains(":3:"), staticMode);
    String nasIp =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { radius: { servers: [ { host: h, secret: s } ], nas-ip-address: h } }\n");
    assertTrue(nasIp.contains("nas-ip-address"), nasIp);
    String interim =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { radius: { servers: [ { host: h, secret: s } ], interim-interval: 5s }"
                + " }\n");
    assertTrue(interim.contains("interim-interval"), interim);
  }

  @Test
  void entraIssuersReplaceTheDefaultOnes() throws Exception {
    AuthSettings a =
        load(YamlConfigLoaderTest.MIN
                + """
                    auth:
                      policy: entra
                      entra:
                        tenant: contoso.onmicrosoft.com
                        issuers: [ "https://login.microsoftonline.us/contoso/v2.0" ]
                    """)
            .config()
            .auth();
    assertEquals(
        java.util.List.of("https://login.microsoftonline.us/contoso/v2.0"),
        a.entra().allowedIssuers());
  }

  /** The README's auth example is a working config (its secrets files aside). */
  @Test
  void theReadmeAuthExampleLoads() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("```yaml\nauth:\n");
    assertTrue(start >= 0, "README has an auth example");
    String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
    Files.writeString(dir.resolve("radius.secret"), "s3cret\n");
    Files.writeString(dir.resolve("token.secret"), "a-shared-secret-of-enough-length\n");
    AuthSettings a = load(YamlConfigLoaderTest.MIN + yaml).config().auth();
    assertEquals("certificate+radius, entra", a.policy());
    assertTrue(a.radius().accounting());
    assertTrue(a.radius().secondary().isPresent());
    assertEquals(1, a.entra().requiredGroups().size());
    assertEquals(Duration.ofHours(8), a.token().lifetime());
  }

  @Test
  void browserSignInSettingsAndTheirErrors() throws Exception {
    Files.writeString(dir.resolve("sso.secret"), "client-s3cret\n");
    AuthSettings a =
        load(YamlConfigLoaderTest.MIN
                + """
                    auth:
                      policy: sso
                      sso:
                        issuer: https://login.microsoftonline.com/tenant-1/v2.0
                        client-id: 00000000-0000-0000-0000-00000000abcd
                        client-secret-file: sso.secret
                        public-url: https://vpn.example.org:8443
                        timeout: 3m
                        username-claims: [ upn, email ]
                        required-groups: [ vpn-users ]
                    """)
            .config()
            .auth();
    var oidc = a.sso().oidc();
    assertEquals(
        "https://login.microsoftonline.com/tenant-1/v2.0/.well-known/openid-configuration",
        oidc.discoveryUrl().toString());
    assertEquals("https://vpn.example.org:8443/sso/callback", oidc.redirectUri().toString());
    assertEquals(8443, a.sso().listen().getPort(), "public-url's port by default");
    assertTrue(a.sso().listen().getAddress().isAnyLocalAddress());
    assertEquals(Duration.ofMinutes(3), oidc.timeout());
    assertEquals("client-s3cret", oidc.clientSecret());
    assertEquals(java.util.List.of("upn", "email"), oidc.usernameClaims());
    assertEquals(java.util.List.of("openid", "profile", "email"), oidc.scopes());
    assertNull(a.sso().tlsCertPem(), "the gateway's own certificate unless told");
    assertFalse(a.toString().contains("client-s3cret"), "secrets never printed");
    assertFalse(a.sso().toString().contains("client-s3cret"));

    String http =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { policy: sso, sso: { issuer: https://idp.example, client-id: x,"
                + " public-url: http://vpn.example.org } }\n");
    assertTrue(http.contains("auth.sso") && http.contains("https://"), http);
    String noClient =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { policy: sso, sso: { issuer: https://idp.example,"
                + " public-url: https://vpn.example.org } }\n");
    assertTrue(noClient.contains("auth.sso.client-id"), noClient);
    String shortTimeout =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { policy: sso, sso: { issuer: https://idp.example, client-id: x,"
                + " public-url: https://vpn.example.org, timeout: 2s } }\n");
    assertTrue(shortTimeout.contains("auth.sso.timeout"), shortTimeout);
    String listen =
        error(
            YamlConfigLoaderTest.MIN
                + "auth: { policy: sso, sso: { issuer: https://idp.example, client-id: x,"
                + " public-url: https://vpn.example.org, listen: nowhere } }\n");
    assertTrue(listen.contains("auth.sso.listen"), listen);
  }
}
