package org.p2sgate.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PEM as openssl and easy-rsa write it: SEC1 and PKCS#1 keys, certificates with a text dump. */
class PemMaterialTest {
  @TempDir static Path dir;

  @BeforeAll
  static void openssl() throws Exception {
    assumeTrue(Tools.available("openssl"), "openssl is not installed");
    Tools.run(dir, "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.key");
    Tools.run(
        dir,
        "openssl",
        "req",
        "-new",
        "-x509",
        "-key",
        "ec.key",
        "-subj",
        "/CN=srv",
        "-days",
        "2",
        "-addext",
        "extendedKeyUsage=serverAuth",
        "-out",
        "ec.crt");
    Tools.run(dir, "openssl", "x509", "-in", "ec.crt", "-text", "-out", "ec-text.crt");
    Tools.run(dir, "openssl", "genrsa", "-traditional", "-out", "rsa.key", "2048");
    Tools.run(
        dir, "openssl", "req", "-new", "-x509", "-key", "rsa.key", "-subj", "/CN=srv", "-days", "2",
        "-out", "rsa.crt");
  }

  private static String read(String name) throws Exception {
    return Files.readString(dir.resolve(name));
  }

  @Test
  void sec1KeyWithEcParametersBecomesPkcs8() throws Exception {
    assertTrue(read("ec.key").contains("BEGIN EC PARAMETERS"));
    String key = PemMaterial.privateKey(read("ec.key"));
    assertTrue(key.startsWith("-----BEGIN PRIVATE KEY-----\n"), key.substring(0, 30));
    assertEquals(1, key.split("-----BEGIN").length - 1);
    PemMaterial.checkKeyMatches(PemMaterial.certificates(read("ec.crt")), key);
  }

  @Test
  void textBeforeACertificateIsDropped() throws Exception {
    assertTrue(read("ec-text.crt").startsWith("Certificate:"));
    String certs = PemMaterial.certificates(read("ec-text.crt"));
    assertEquals(PemMaterial.certificates(read("ec.crt")), certs);
    assertTrue(certs.startsWith("-----BEGIN CERTIFICATE-----\n"));
  }

  @Test
  void pkcs1RsaKeyMatchesItsCertificate() throws Exception {
    assertTrue(read("rsa.key").contains("BEGIN RSA PRIVATE KEY"));
    String key = PemMaterial.privateKey(read("rsa.key"));
    PemMaterial.checkKeyMatches(PemMaterial.certificates(read("rsa.crt")), key);
    ValueException e =
        assertThrows(
            ValueException.class,
            () -> PemMaterial.checkKeyMatches(PemMaterial.certificates(read("ec.crt")), key));
    assertEquals("the private key does not belong to the certificate", e.getMessage());
  }

  @Test
  void notesAboutCertificatesClientsWouldReject() throws Exception {
    List<String> rsa = PemMaterial.serverCertificateNotes(read("rsa.crt"), Instant.now());
    assertEquals(1, rsa.size());
    assertTrue(rsa.get(0).contains("lacks extendedKeyUsage serverAuth"));
    assertEquals(List.of(), PemMaterial.serverCertificateNotes(read("ec.crt"), Instant.now()));
    List<String> later =
        PemMaterial.serverCertificateNotes(read("ec.crt"), Instant.now().plusSeconds(10 * 86400));
    assertTrue(later.get(0).startsWith("the server certificate expired on "), later.toString());
  }

  @Test
  void keyFilesMayNotHoldCertificatesOnly() throws Exception {
    ValueException e =
        assertThrows(ValueException.class, () -> PemMaterial.privateKey(read("ec.crt")));
    assertFalse(e.getMessage().contains("MII"));
  }
}
