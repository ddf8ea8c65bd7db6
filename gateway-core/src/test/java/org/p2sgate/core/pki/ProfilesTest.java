package org.p2sgate.core.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.config.Remote;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.config.YamlConfigLoader;
import org.w3c.dom.Document;

/** What goes in a profile for each policy and format, and what is refused. */
class ProfilesTest {
  static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  @TempDir static Path dir;

  @BeforeAll
  static void pki() throws Exception {
    PkiFolder pki =
        new PkiFolder(dir.resolve("pki"), null, CLOCK, new java.security.SecureRandom());
    pki.init(
        new PkiFolder.InitOptions(
            "CA",
            "vpn.example.com",
            List.of(),
            KeySpec.EC_P256,
            Duration.ofDays(365),
            Duration.ofDays(365)));
    pki.issue(new PkiFolder.IssueOptions("alice", List.of(), Duration.ofDays(30), null));
    pki.issue(new PkiFolder.IssueOptions("mallory", List.of(), Duration.ofDays(30), null));
    pki.revoke("mallory");
  }

  static ServerConfig config(String extra) throws Exception {
    String yaml =
        "pool: 10.8.0.0/24\n"
            + "tls: { ca: pki/ca.crt, cert: pki/server.crt, key: pki/server.key }\n"
            + "tls-crypt: pki/tc.key\n"
            + "push: { routes: [ 192.168.10.0/24 ], dns: [ 192.168.10.53 ] }\n"
            + extra;
    return new YamlConfigLoader().load(yaml, "gateway.yaml", dir).config();
  }

  static Profiles.Export make(ServerConfig c, String user, Profiles.Format f, String... remotes)
      throws Exception {
    List<Remote> r = new ArrayList<>();
    for (String s : remotes) {
      r.add(Remote.parse(s));
    }
    return Profiles.make(c, dir.resolve("pki"), new Profiles.Request(user, f, r, null), CLOCK);
  }

  static String text(Profiles.Export e) {
    return new String(e.body(), StandardCharsets.UTF_8);
  }

  @Test
  void certificateProfileNamesTheServerAndEveryRemote() throws Exception {
    Profiles.Export e =
        make(
            config("listen: { proto: udp+tcp }\n"),
            "alice",
            Profiles.Format.OVPN,
            "vpn.example.com",
            "[2001:db8::7]:443:tcp");
    String p = text(e);
    assertEquals("alice.ovpn", e.fileName());
    assertTrue(
        p.contains(
            "\nproto udp\n"
                + "remote vpn.example.com 1194 udp\n"
                + "remote vpn.example.com 1194 tcp-client\n"
                + "remote 2001:db8::7 443 tcp-client\n"),
        p);
    assertTrue(
        p.contains("\nremote-cert-tls server\nverify-x509-name \"vpn.example.com\" name\n"), p);
    assertTrue(p.contains("\ndata-ciphers AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305\n"), p);
    assertTrue(
        p.contains(Files.readString(dir.resolve("pki/clients/alice.crt")).strip()), "the cert");
    assertTrue(p.contains("<key>\n-----BEGIN PRIVATE KEY-----"), "the key");
    assertTrue(p.contains("<tls-crypt>"));
    assertFalse(p.contains("auth-user-pass"));
  }

  @Test
  void radiusProfileCarriesNoCertificateButAskForThePasswordAndOtp() throws Exception {
    ServerConfig c =
        config(
            "auth: { policy: radius, radius: { servers: [ { host: 127.0.0.1, secret: s3cret } ] } }\n"
                + "profiles: { remotes: [ vpn.example.com:1194:udp ], static-challenge: Enter"
                + " your OTP }\n");
    String p = text(make(c, "bob", Profiles.Format.OVPN));
    assertTrue(p.contains("\nauth-user-pass\nstatic-challenge \"Enter your OTP\" 1\n"), p);
    assertFalse(p.contains("<cert>") || p.contains("<key>"), "no certificate for RADIUS");
    assertTrue(p.contains("\nremote vpn.example.com 1194 udp\n"), p);
    assertFalse(p.contains("s3cret"));
  }

  @Test
  void revokedUnknownAndBadUsersGetNoProfile() throws Exception {
    ServerConfig c = config("");
    PkiException revoked =
        assertThrows(PkiException.class, () -> make(c, "mallory", Profiles.Format.OVPN, "h"));
    assertEquals(PkiException.Kind.NOT_FOUND, revoked.kind());
    PkiException unknown =
        assertThrows(PkiException.class, () -> make(c, "nobody", Profiles.Format.OVPN, "h"));
    assertEquals(PkiException.Kind.NOT_FOUND, unknown.kind());
    PkiException bad =
        assertThrows(PkiException.class, () -> make(c, "../pki/ca", Profiles.Format.OVPN, "h"));
    assertEquals(PkiException.Kind.INVALID, bad.kind());
  }

  @Test
  void theRemoteMustBeKnownAndServed() throws Exception {
    PkiException none =
        assertThrows(PkiException.class, () -> make(config(""), "alice", Profiles.Format.OVPN));
    assertTrue(none.getMessage().contains("--remote"), none.getMessage());
    String fromListen =
        text(make(config("listen: { address: 192.0.2.9 }\n"), "alice", Profiles.Format.OVPN));
    assertTrue(fromListen.contains("\nproto udp\nremote 192.0.2.9 1194\n"), fromListen);
    PkiException tcp =
        assertThrows(
            PkiException.class, () -> make(config(""), "alice", Profiles.Format.OVPN, "h:443:tcp"));
    assertTrue(tcp.getMessage().contains("does not listen on TCP"), tcp.getMessage());
    PkiException policy =
        assertThrows(
            PkiException.class,
            () ->
                Profiles.make(
                    config(""),
                    dir.resolve("pki"),
                    new Profiles.Request(
                        "alice", Profiles.Format.OVPN, List.of(Remote.parse("h")), "radius"),
                    CLOCK));
    assertEquals(PkiException.Kind.INVALID, policy.kind());
  }

  @Test
  void remotesParse() {
    assertEquals(new Remote("vpn.example.com", 0, null), Remote.parse("vpn.example.com"));
    assertEquals(new Remote("h", 443, "tcp"), Remote.parse("h:443:TCP"));
    assertEquals(new Remote("2001:db8::1", 1194, "udp"), Remote.parse("[2001:db8::1]:1194:udp"));
    for (String bad : List.of("", "h:0", "h:70000", "h:1194:sctp", "-x", "a b", "h:1:udp:x")) {
      assertThrows(IllegalArgumentException.class, () -> Remote.parse(bad), bad);
    }
  }

  static Map<String, byte[]> unzip(byte[] zip) throws Exception {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  static Document xml(byte[] bytes) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
  }

  @Test
  void azureZipHasTheCloudGatewaysLayout() throws Exception {
    ServerConfig c = config("");
    Profiles.Export zip = make(c, "alice", Profiles.Format.AZURE, "vpn.example.com");
    assertEquals("alice-azure.zip", zip.fileName());
    Map<String, byte[]> entries = unzip(zip.body());
    assertEquals(
        List.of("OpenVPN/vpnconfig.ovpn", "Generic/VpnSettings.xml", "Generic/VpnServerRoot.cer"),
        List.copyOf(entries.keySet()));
    assertArrayEquals(
        make(c, "alice", Profiles.Format.OVPN, "vpn.example.com").body(),
        entries.get("OpenVPN/vpnconfig.ovpn"));
    X509Certificate root =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(entries.get("Generic/VpnServerRoot.cer")));
    assertEquals("CN=CA", root.getSubjectX500Principal().getName());
    Document settings = xml(entries.get("Generic/VpnSettings.xml"));
    assertEquals("VpnProfile", settings.getDocumentElement().getLocalName());
    assertEquals(
        "vpn.example.com", settings.getElementsByTagName("VpnServer").item(0).getTextContent());
    assertEquals(
        "192.168.10.0/24", settings.getElementsByTagName("Routes").item(0).getTextContent());
  }

  @Test
  void entraPolicyAddsTheAzureVpnClientsProfile() throws Exception {
    String tenant = "11111111-2222-3333-4444-555555555555";
    ServerConfig c =
        config(
            "auth: { policy: entra, entra: { tenant: "
                + tenant
                + " } }\n"
                + "listen: { proto: tcp, port: 443 }\n");
    Map<String, byte[]> entries =
        unzip(make(c, "alice@corp.example", Profiles.Format.AZURE, "vpn.example.com").body());
    String ovpn = new String(entries.get("OpenVPN/vpnconfig.ovpn"), StandardCharsets.UTF_8);
    assertTrue(ovpn.contains("\nauth-user-pass\n"), ovpn);
    assertFalse(ovpn.contains("<cert>"), "an Entra user needs no certificate");
    Document az = xml(entries.get("AzureVPN/azurevpnconfig.xml"));
    String ns = "http://schemas.datacontract.org/2004/07/";
    assertEquals("AzVpnProfile", az.getDocumentElement().getLocalName());
    assertEquals(ns, az.getDocumentElement().getNamespaceURI());
    assertEquals(
        "https://login.microsoftonline.com/" + tenant + "/",
        az.getElementsByTagNameNS(ns, "tenant").item(0).getTextContent());
    assertEquals(
        "https://sts.windows.net/" + tenant + "/",
        az.getElementsByTagNameNS(ns, "issuer").item(0).getTextContent());
    assertEquals(
        "41b23e61-6c1e-4545-b367-cd054e0ed4b4",
        az.getElementsByTagNameNS(ns, "audience").item(0).getTextContent());
    assertEquals("vpn.example.com", az.getElementsByTagNameNS(ns, "fqdn").item(0).getTextContent());
    assertEquals(
        "tcp", az.getElementsByTagNameNS(ns, "transportprotocol").item(0).getTextContent());
    assertEquals(
        512, az.getElementsByTagNameNS(ns, "serversecret").item(0).getTextContent().length());
  }
}
