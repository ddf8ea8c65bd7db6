package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.control.TlsCryptV2Metadata;
import org.p2sgate.core.control.TlsCryptV2ServerKey;
import org.p2sgate.core.pki.ClientProfile;

/** tls-crypt-v2 in server.conf, its refusals, the revocation policy, and the profile it makes. */
class TlsCryptV2ConfigTest {
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path dir;
  static java.nio.file.Path pki;
  static final String MIN = OpenVpnConfigParserTest.MIN;
  static final String V2_ONLY = MIN.replace("tls-crypt pki/tc.key\n", "tls-crypt-v2 tc2.key\n");

  static ParsedConfig parse(String text) throws ConfigException {
    return new OpenVpnConfigParser().parse(text, "server.conf", dir);
  }

  static String error(String text) {
    return org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> parse(text))
        .getMessage();
  }

  @BeforeAll
  static void serverKey() throws Exception {
    pki = dir.resolve("pki");
    org.p2sgate.core.pki.DemoPki.openOrCreate(pki);
    Files.writeString(
        dir.resolve("tc2.key"), TlsCryptV2ServerKey.generate(new SecureRandom()).toPem());
  }

  @Test
  void serverConfTakesTheServerKeyAndMaxAge() throws Exception {
    ServerConfig c = parse(V2_ONLY + "tls-crypt-v2-max-age 30\n").config();
    assertTrue(c.tlsWrap().v2Only());
    assertEquals(30, c.tlsWrap().v2().maxAgeDays());
    ServerConfig both = parse(MIN + "tls-crypt-v2 tc2.key force-cookie\n").config();
    assertEquals(TlsWrapConfig.Mode.TLS_CRYPT, both.tlsWrap().mode(), "tls-crypt keeps working");
    assertTrue(both.tlsWrap().v2() != null && !both.tlsWrap().v2Only());
  }

  @Test
  void scriptsAndStatefulClientsAreRefusedWithWhatToDoInstead() {
    String verify = error(V2_ONLY + "tls-crypt-v2-verify /etc/openvpn/verify.sh\n");
    assertTrue(verify.contains("tls-crypt-v2.revoked"), verify);
    String nonCookie = error(MIN + "tls-crypt-v2 tc2.key allow-noncookie\n");
    assertTrue(nonCookie.contains("allow-noncookie"), nonCookie);
    String notAKey = error(MIN + "tls-crypt-v2 pki/tc.key\n");
    assertTrue(notAKey.contains("tls-crypt-v2 server key"), notAKey);
  }

  @Test
  void theDenyListMatchesWordsTextOrExactBytes() {
    TlsCryptV2Config c =
        new TlsCryptV2Config(
            TlsCryptV2ServerKey.generate(new SecureRandom()),
            List.of("key=3f9a0c1d", "user=bob", "base64:aGVsbG8gYWxpY2U=", "free text here"),
            0);
    assertTrue(c.refusal(TlsCryptV2Metadata.user("user=alice key=3f9a0c1d"), 0).contains("key="));
    assertTrue(c.refusal(TlsCryptV2Metadata.user("user=bob key=00000000"), 0) != null);
    assertTrue(c.refusal(TlsCryptV2Metadata.user("hello alice"), 0) != null);
    assertTrue(c.refusal(TlsCryptV2Metadata.user("free text here"), 0) != null);
    assertNull(c.refusal(TlsCryptV2Metadata.user("user=alice key=3f9a0c1e"), 0));
    assertNull(c.refusal(TlsCryptV2Metadata.user("user=bobby"), 0));
    assertNull(c.refusal(TlsCryptV2Metadata.timestamp(Instant.EPOCH), 0));
    TlsCryptV2Config aged =
        new TlsCryptV2Config(TlsCryptV2ServerKey.generate(new SecureRandom()), List.of(), 10);
    long now = 1_800_000_000L;
    assertNull(
        aged.refusal(TlsCryptV2Metadata.timestamp(Instant.ofEpochSecond(now - 86_400)), now));
    assertTrue(
        aged.refusal(TlsCryptV2Metadata.timestamp(Instant.ofEpochSecond(now - 11 * 86_400)), now)
            != null);
    assertTrue(aged.refusal(TlsCryptV2Metadata.user("x"), now) != null, "no timestamp");
  }

  @Test
  void profilesCarryAKeyOfTheirOwn() throws Exception {
    ServerConfig c = parse(V2_ONLY).config();
    String a = ClientProfile.render(c, "vpn.example.com", demoClient());
    String b = ClientProfile.render(c, "vpn.example.com", demoClient());
    assertTrue(a.contains("<tls-crypt-v2>\n-----BEGIN OpenVPN tls-crypt-v2 client key-----"), a);
    assertTrue(a.contains("# tls-crypt-v2 client key metadata: user="), a);
    assertTrue(!a.contains("<tls-crypt>"));
    assertTrue(!a.equals(b), "each profile its own key");
  }

  static org.p2sgate.core.pki.ClientCredentials demoClient() throws Exception {
    return org.p2sgate.core.pki.DemoPki.openOrCreate(pki).issueClient("alice");
  }
}
