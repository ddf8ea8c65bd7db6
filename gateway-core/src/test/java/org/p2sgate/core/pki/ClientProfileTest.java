package org.p2sgate.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.Tools;
import org.p2sgate.core.config.YamlConfigLoader;

class ClientProfileTest {
  @TempDir static Path dir;
  static DemoPki pki;

  @BeforeAll
  static void pki() throws Exception {
    pki = DemoPki.openOrCreate(dir.resolve("pki"));
  }

  static ServerConfig config(String extra) throws Exception {
    String yaml =
        "pool: 10.8.0.0/24\n"
            + "tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }\n"
            + extra;
    return new YamlConfigLoader().load(yaml, "gateway.yaml", dir).config();
  }

  static String between(String text, String tag) {
    int b = text.indexOf("<" + tag + ">\n");
    int e = text.indexOf("</" + tag + ">\n");
    assertTrue(b >= 0 && e > b, tag);
    return text.substring(b + tag.length() + 3, e);
  }

  @Test
  void udpProfileWithTlsCrypt() throws Exception {
    ClientCredentials demo = pki.issueClient("demo");
    String p = ClientProfile.render(config("tls-crypt: pki/tc.key\n"), "vpn.example.com", demo);
    List<String> lines = p.lines().filter(l -> !l.startsWith("#")).toList();
    assertEquals(
        List.of(
            "client",
            "dev tun",
            "proto udp",
            "remote vpn.example.com 1194",
            "nobind",
            "remote-cert-tls server",
            "verify-x509-name \"p2sgate-server\" name",
            "data-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305",
            "persist-key",
            "persist-tun",
            "verb 3",
            "<ca>"),
        lines.subList(0, 12));
    assertFalse(p.contains("\ncipher "), "2.6 clients negotiate the data cipher");
    assertFalse(p.contains("auth-user-pass"), "a certificate policy asks for no password");
    assertFalse(p.contains("key-direction"));
    assertEquals(Files.readString(dir.resolve("pki/ca.crt")), between(p, "ca"));
    assertEquals(demo.certPem(), between(p, "cert"));
    assertEquals(demo.keyPem(), between(p, "key"));
    assertEquals(Files.readString(dir.resolve("pki/tc.key")), between(p, "tls-crypt"));
  }

  /** The demo profile follows the first policy: certificate + RADIUS asks for a password too. */
  @Test
  void aRadiusPolicyMakesTheDemoClientAskForAPassword() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("radius.secret"), "a-radius-secret\n");
    String p =
        ClientProfile.render(
            config(
                "auth: { policy: certificate+radius, radius: { servers: [ { host: 127.0.0.1,"
                    + " secret-file: radius.secret } ] } }\n"),
            "192.0.2.7",
            pki.issueClient("demo"));
    assertTrue(p.contains("\nauth-user-pass\n"), p);
    assertTrue(p.contains("<cert>") && p.contains("<key>"), "and the certificate");
  }

  @Test
  void tlsAuthProfileCarriesTheOtherDirectionAndTheDigest() throws Exception {
    String p =
        ClientProfile.render(
            config(
                "tls-auth: { key: pki/tc.key, direction: 0, digest: SHA256 }\nlisten: { proto: tcp, port: 443 }\n"),
            "192.0.2.7",
            pki.issueClient("demo"));
    assertTrue(p.contains("\nproto tcp-client\nremote 192.0.2.7 443\n"), p);
    assertTrue(p.contains("\nauth SHA256\nkey-direction 1\n"), p);
    assertTrue(p.contains("<tls-auth>\n#\n# 2048 bit OpenVPN static key"), p);
    assertFalse(p.contains("<tls-crypt>"));
  }

  @Test
  void udpAndTcpGatewayGetsTwoRemotes() throws Exception {
    String p =
        ClientProfile.render(
            config("listen: { proto: udp+tcp }\n"), "2001:db8::1", pki.issueClient("demo"));
    assertTrue(
        p.contains(
            "\nproto udp\nremote 2001:db8::1 1194 udp\nremote 2001:db8::1 1194 tcp-client\n"),
        p);
  }

  @Test
  void hostMustBeAPlainName() throws Exception {
    ServerConfig c = config("");
    ClientCredentials demo = pki.issueClient("demo");
    assertThrows(
        IllegalArgumentException.class,
        () -> ClientProfile.render(c, "x\nscript-security 2", demo));
    assertThrows(IllegalArgumentException.class, () -> ClientProfile.render(c, "--up", demo));
  }

  @Test
  void openvpnParsesTheProfileAndOpensslVerifiesItsCertificates() throws Exception {
    assumeTrue(Tools.available("openvpn") && Tools.available("openssl"));
    String p =
        ClientProfile.render(
            config("tls-crypt: pki/tc.key\n"), "vpn.example.com", pki.issueClient("demo"));
    Path profile = dir.resolve("demo.ovpn");
    Files.writeString(profile, p);
    // openvpn has no parse-only mode. With --test-crypto --secret it reads the whole profile,
    // inline blocks included, and then stops at the check that --secret excludes --tls-client:
    // an unknown option or a broken block would fail earlier with another message.
    Process run =
        new ProcessBuilder(
                Tools.resolve("openvpn"),
                "--config",
                "demo.ovpn",
                "--test-crypto",
                "--secret",
                "pki/tc.key",
                "--verb",
                "3")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(run.getInputStream().readAllBytes());
    run.waitFor();
    assertTrue(out.contains("specify only one of --tls-server, --tls-client, or --secret"), out);
    assertFalse(out.contains("Unrecognized option") || out.contains("ERROR"), out);

    Files.writeString(dir.resolve("p-ca.crt"), between(p, "ca"));
    Files.writeString(dir.resolve("p-client.crt"), between(p, "cert"));
    Files.writeString(dir.resolve("p-client.key"), between(p, "key"));
    assertEquals(
        "p-client.crt: OK\n",
        Tools.run(dir, "openssl", "verify", "-CAfile", "p-ca.crt", "p-client.crt"));
    assertEquals(
        Tools.run(dir, "openssl", "x509", "-in", "p-client.crt", "-noout", "-pubkey"),
        Tools.run(dir, "openssl", "pkey", "-in", "p-client.key", "-pubout"));
    assertTrue(
        Tools.run(
                dir, "openssl", "x509", "-in", "p-client.crt", "-noout", "-ext", "extendedKeyUsage")
            .contains("TLS Web Client Authentication"));
  }
}
