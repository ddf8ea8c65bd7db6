package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.pki.DemoPki;

/** {@code admin:} and {@code log:} in gateway.yaml: listener, token, HTTPS, per-session series. */
class YamlAdminTest {
  @TempDir static Path dir;

  @BeforeAll
  static void pki() throws Exception {
    DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static String yaml(String admin) {
    return YamlConfigLoaderTest.MIN + "admin: " + admin + "\n";
  }

  @Test
  void plainHttpOnLoopbackByDefault() throws Exception {
    AdminSettings a =
        YamlConfigLoaderTest.load(dir, yaml("{ token-file: admin.token }")).config().admin();
    assertEquals("127.0.0.1:9194", a.listen().getAddress().getHostAddress() + ":9194");
    assertFalse(a.tls());
    assertFalse(a.sessionMetrics());
    assertEquals(AdminSettings.DEFAULT_BACKEND_GRACE, a.backendGrace());
  }

  @Test
  void httpsAndPerSessionSeriesWhenAsked() throws Exception {
    AdminSettings a =
        YamlConfigLoaderTest.load(
                dir,
                yaml(
                    "{ token-file: admin.token, session-metrics: true, backend-grace: 2m,"
                        + " tls: { cert: pki/server.crt, key: pki/server.key } }"))
            .config()
            .admin();
    assertTrue(a.tls());
    assertTrue(a.sessionMetrics());
    assertEquals(java.time.Duration.ofMinutes(2), a.backendGrace());
    assertTrue(a.tlsKeyPem().startsWith("-----BEGIN PRIVATE KEY-----"));
    assertFalse(a.toString().contains("PRIVATE"), "no key in toString: " + a);
  }

  @Test
  void badTlsSettingsNameTheKey() {
    assertEquals(
        "gateway.yaml: missing 'admin.tls.key' (the admin API's private key)",
        YamlConfigLoaderTest.error(
            dir, yaml("{ token-file: admin.token, tls: { cert: pki/server.crt } }")));
    String mismatch =
        YamlConfigLoaderTest.error(
            dir,
            yaml("{ token-file: admin.token, tls: { cert: pki/server.crt, key: pki/ca.key } }"));
    assertTrue(mismatch.contains("admin.tls.key"), mismatch);
    String missing =
        YamlConfigLoaderTest.error(
            dir, yaml("{ token-file: admin.token, tls: { cert: nope.crt, key: pki/server.key } }"));
    assertTrue(missing.contains("admin.tls.cert") && missing.contains("nope.crt"), missing);
    String notBool =
        YamlConfigLoaderTest.error(
            dir, yaml("{ token-file: admin.token, session-metrics: maybe }"));
    assertTrue(notBool.contains("admin.session-metrics"), notBool);
  }

  @Test
  void logFormatIsTextUnlessJsonIsAsked() throws Exception {
    String min = YamlConfigLoaderTest.MIN;
    assertEquals(
        ServerConfig.LogFormat.TEXT, YamlConfigLoaderTest.load(dir, min).config().logFormat());
    assertEquals(
        ServerConfig.LogFormat.JSON,
        YamlConfigLoaderTest.load(dir, min + "log: { format: json }\n").config().logFormat());
    assertEquals(
        "gateway.yaml:3:16: log.format: must be text or json, got 'xml'",
        YamlConfigLoaderTest.error(dir, min + "log: { format: xml }\n"));
  }
}
