package org.p2sgate.core.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.core.config.Tools;
import org.p2sgate.core.control.StaticKey;

class DemoPkiTest {
  @TempDir Path dir;

  private static final List<String> FILES =
      List.of(
          "ca.crt",
          "ca.key",
          "server.crt",
          "server.key",
          "tc.key",
          "clients/demo.crt",
          "clients/demo.key");

  @Test
  void createsEverythingOnceAndReusesIt() throws Exception {
    DemoPki first = DemoPki.openOrCreate(dir);
    assertTrue(first.created());
    for (String f : FILES) {
      assertTrue(Files.isRegularFile(dir.resolve(f)), f);
    }
    byte[][] before = new byte[FILES.size()][];
    for (int i = 0; i < FILES.size(); i++) {
      before[i] = Files.readAllBytes(dir.resolve(FILES.get(i)));
    }
    DemoPki second = DemoPki.openOrCreate(dir);
    assertFalse(second.created());
    for (int i = 0; i < FILES.size(); i++) {
      assertArrayEquals(before[i], Files.readAllBytes(dir.resolve(FILES.get(i))), FILES.get(i));
    }
  }

  @Test
  void secretsAreOwnerOnly() throws Exception {
    DemoPki.openOrCreate(dir);
    for (String f : List.of("ca.key", "server.key", "tc.key", "clients/demo.key")) {
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(f))),
          f);
      assertTrue(Files.readString(dir.resolve(f)).contains("-----BEGIN "), f);
    }
    assertEquals(
        "rw-r--r--",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.crt"))));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertTrue(
        Files.readString(dir.resolve("server.key")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    try (var stream = Files.list(dir)) {
      assertTrue(stream.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
  }

  @Test
  void validityAndSerials() throws Exception {
    DemoPki pki = DemoPki.openOrCreate(dir);
    X509CertificateHolder ca = PemFiles.readCertificate(dir.resolve("ca.crt"));
    X509CertificateHolder server = PemFiles.readCertificate(dir.resolve("server.crt"));
    X509CertificateHolder demo = PemFiles.readCertificate(dir.resolve("clients/demo.crt"));
    assertEquals(Duration.ofDays(3650).plusHours(1), lifetime(ca));
    assertEquals(Duration.ofDays(730).plusHours(1), lifetime(server));
    assertEquals("CN=p2sgate demo CA", ca.getSubject().toString());
    assertEquals("CN=demo", demo.getSubject().toString());
    assertEquals(ca.getSubject(), server.getIssuer());
    assertNotEquals(server.getSerialNumber(), demo.getSerialNumber());
    assertTrue(server.getSerialNumber().signum() > 0);
    ClientCredentials alice = pki.issueClient("alice");
    assertEquals("alice", alice.commonName());
    assertEquals(alice, pki.issueClient("alice"), "issued once, then read back");
    assertFalse(alice.toString().contains("PRIVATE"));
    assertThrows(IllegalArgumentException.class, () -> pki.issueClient("../evil"));
  }

  private static Duration lifetime(X509CertificateHolder c) {
    return Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
  }

  @Test
  void tlsCryptKeyIsAStaticKey() throws Exception {
    DemoPki.openOrCreate(dir);
    String text = Files.readString(dir.resolve("tc.key"));
    assertEquals(256, StaticKey.parse(text).bytes().length);
    assumeTrue(Tools.available("openvpn"));
    String out =
        Tools.run(
            dir,
            "openvpn",
            "--test-crypto",
            "--secret",
            "tc.key",
            "--cipher",
            "AES-256-GCM",
            "--verb",
            "1");
    assertTrue(out.contains("SUCCEEDED"), out);
  }

  @Test
  void opensslAcceptsTheChainAndTheKeyUsages() throws Exception {
    assumeTrue(Tools.available("openssl"));
    DemoPki.openOrCreate(dir);
    assertEquals(
        "server.crt: OK\nclients/demo.crt: OK\n",
        Tools.run(dir, "openssl", "verify", "-CAfile", "ca.crt", "server.crt", "clients/demo.crt"));
    String exts = "basicConstraints,keyUsage,extendedKeyUsage,subjectAltName";
    String ca = Tools.run(dir, "openssl", "x509", "-in", "ca.crt", "-noout", "-ext", exts);
    assertTrue(ca.contains("CA:TRUE") && ca.contains("Certificate Sign, CRL Sign"), ca);
    String server = Tools.run(dir, "openssl", "x509", "-in", "server.crt", "-noout", "-ext", exts);
    assertTrue(server.contains("CA:FALSE"), server);
    assertTrue(server.contains("Digital Signature, Key Agreement"), server);
    assertTrue(server.contains("TLS Web Server Authentication"), server);
    assertTrue(server.contains("DNS:p2sgate-server"), server);
    String client =
        Tools.run(dir, "openssl", "x509", "-in", "clients/demo.crt", "-noout", "-ext", exts);
    assertTrue(client.contains("TLS Web Client Authentication"), client);
    assertFalse(client.contains("Server Authentication"), client);
    assertEquals(
        Tools.run(dir, "openssl", "x509", "-in", "server.crt", "-noout", "-pubkey"),
        Tools.run(dir, "openssl", "pkey", "-in", "server.key", "-pubout"));
    assertTrue(
        Tools.run(dir, "openssl", "pkey", "-in", "ca.key", "-noout", "-text")
            .contains("prime256v1"));
  }

  @Test
  void anIncompletePkiIsReportedNotOverwritten() throws Exception {
    DemoPki.openOrCreate(dir);
    Files.delete(dir.resolve("ca.key"));
    IOException e = assertThrows(IOException.class, () -> DemoPki.openOrCreate(dir));
    assertTrue(e.getMessage().contains("ca.key is missing"), e.getMessage());
  }
}
