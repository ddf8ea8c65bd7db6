package org.p2sgate.core.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.cert.IdentitySource;

/** The operator's PKI folder: layout, modes, index, thumbprint list and CRL, refusals. */
class PkiFolderTest {
  static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  @TempDir Path dir;
  final SecureRandom random = new SecureRandom();

  PkiFolder pki(Path folder, Path caKey, Instant now) {
    return new PkiFolder(folder, caKey, Clock.fixed(now, ZoneOffset.UTC), random);
  }

  PkiFolder init(Path folder, Path caKey, KeySpec key) throws Exception {
    PkiFolder p = pki(folder, caKey, NOW);
    p.init(
        new PkiFolder.InitOptions(
            "Corp VPN CA",
            "vpn.example.com",
            List.of(San.hostName("vpn.example.com"), San.hostName("203.0.113.7")),
            key,
            Duration.ofDays(3650),
            Duration.ofDays(730)));
    return p;
  }

  static X509Certificate cert(Path file) throws Exception {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(file)));
  }

  static X509CRL crl(Path file) throws Exception {
    return (X509CRL)
        CertificateFactory.getInstance("X.509")
            .generateCRL(new ByteArrayInputStream(Files.readAllBytes(file)));
  }

  static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  static String sha256(X509Certificate c) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
  }

  static BigInteger crlNumber(X509CRL crl) throws Exception {
    byte[] ext = crl.getExtensionValue("2.5.29.20");
    return org.bouncycastle.asn1.ASN1Integer.getInstance(
            org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets())
        .getValue();
  }

  @Test
  void initLaysOutTheFolderWithPrivateKeysAndASignedEmptyCrl() throws Exception {
    Path p = dir.resolve("pki");
    init(p, null, KeySpec.EC_P256);
    for (String f : List.of("ca.key", "server.key", "tc.key")) {
      assertEquals("rw-------", mode(p.resolve(f)), f);
    }
    assertEquals("rwx------", mode(p));
    X509Certificate ca = cert(p.resolve("ca.crt"));
    assertTrue(ca.getBasicConstraints() >= 0, "CA:TRUE");
    X509Certificate server = cert(p.resolve("server.crt"));
    server.verify(ca.getPublicKey());
    assertEquals("CN=vpn.example.com", server.getSubjectX500Principal().getName());
    assertEquals(
        List.of(List.of(2, "vpn.example.com"), List.of(7, "203.0.113.7")),
        server.getSubjectAlternativeNames().stream().toList());
    assertTrue(server.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");

    X509CRL crl = crl(p.resolve("ca.crl"));
    crl.verify(ca.getPublicKey());
    assertNull(crl.getRevokedCertificates());
    assertEquals(NOW.plus(Duration.ofDays(30)), crl.getNextUpdate().toInstant());
    assertEquals(BigInteger.ONE, crlNumber(crl));
    assertTrue(Files.readString(p.resolve("revoked.txt")).startsWith("#"));

    CertIndex index = pki(p, null, NOW).index();
    assertEquals(1, index.certificates().size());
    CertIndex.Entry e = index.certificates().get(0);
    assertEquals("server", e.role());
    assertEquals(server.getSerialNumber(), e.serialNumber());
    assertEquals(sha256(server), e.sha256());
    assertEquals(List.of("DNS:vpn.example.com", "IP:203.0.113.7"), e.sans());
    assertThrows(PkiException.class, () -> init(p, null, KeySpec.EC_P256), "no second init");
  }

  @Test
  void issueWritesTheUsersNamesAndRevokeUpdatesListCrlAndIndex() throws Exception {
    Path p = dir.resolve("pki");
    PkiFolder pki = init(p, null, KeySpec.EC_P256);
    CertIndex.Entry issued =
        pki.issue(
            new PkiFolder.IssueOptions(
                "alice",
                List.of(
                    new San(San.Type.UPN, "alice@corp.example"),
                    new San(San.Type.EMAIL, "alice@example.com")),
                Duration.ofDays(90),
                null));
    Path crt = p.resolve("clients/alice.crt");
    assertEquals("rw-------", mode(p.resolve("clients/alice.key")));
    X509Certificate alice = cert(crt);
    alice.verify(cert(p.resolve("ca.crt")).getPublicKey());
    // the gateway reads the names as it will at login
    assertEquals("alice@corp.example", IdentitySource.UPN.identityOf(alice).orElseThrow());
    assertEquals("alice@example.com", IdentitySource.EMAIL.identityOf(alice).orElseThrow());
    assertEquals("alice", IdentitySource.COMMON_NAME.identityOf(alice).orElseThrow());
    assertTrue(alice.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
    assertEquals(NOW.plus(Duration.ofDays(90)), alice.getNotAfter().toInstant());
    assertEquals(List.of("UPN:alice@corp.example", "EMAIL:alice@example.com"), issued.sans());

    PkiException twice =
        assertThrows(
            PkiException.class,
            () ->
                pki.issue(
                    new PkiFolder.IssueOptions("alice", List.of(), Duration.ofDays(1), null)));
    assertTrue(twice.getMessage().contains("revoke it first"), twice.getMessage());

    PkiFolder.Revoked r = pki(p, null, NOW.plusSeconds(60)).revoke("alice");
    assertTrue(r.crlSigned());
    assertEquals(
        List.of(issued.serial()), r.certificates().stream().map(CertIndex.Entry::serial).toList());
    String list = Files.readString(p.resolve("revoked.txt"));
    assertTrue(list.contains(sha256(alice) + "  # serial " + issued.serial()), list);
    X509CRL crl = crl(p.resolve("ca.crl"));
    crl.verify(cert(p.resolve("ca.crt")).getPublicKey());
    assertTrue(crl.isRevoked(alice));
    assertEquals(
        NOW.plusSeconds(60), crl.getRevokedCertificate(alice).getRevocationDate().toInstant());
    assertEquals(BigInteger.TWO, crlNumber(crl));
    assertEquals(
        CertIndex.Status.REVOKED, pki.index().bySerial(issued.serial()).orElseThrow().status(NOW));

    PkiException again = assertThrows(PkiException.class, () -> pki.revoke("alice"));
    assertEquals(PkiException.Kind.NOT_FOUND, again.kind());
    PkiException profile = assertThrows(PkiException.class, () -> pki.client("alice"));
    assertEquals(PkiException.Kind.NOT_FOUND, profile.kind());
    assertTrue(profile.getMessage().contains("is revoked"), profile.getMessage());

    // a new certificate after the revocation; revoking by serial
    CertIndex.Entry second =
        pki.issue(new PkiFolder.IssueOptions("alice", List.of(), Duration.ofDays(30), null));
    assertEquals(second.sha256(), sha256(cert(crt)));
    pki.revoke(second.serial().toUpperCase());
    assertEquals(2, pki.index().revoked().size());
    assertEquals(BigInteger.valueOf(3), crlNumber(crl(p.resolve("ca.crl"))));
  }

  @Test
  void badNamesAndUnknownUsersAreRefused() throws Exception {
    PkiFolder pki = init(dir.resolve("pki"), null, KeySpec.EC_P256);
    for (String bad : List.of("", "../x", "-a", "a b", "a/b", ".hidden", "x".repeat(65))) {
      PkiException e =
          assertThrows(
              PkiException.class,
              () -> pki.issue(new PkiFolder.IssueOptions(bad, List.of(), Duration.ofDays(1), null)),
              bad);
      assertEquals(PkiException.Kind.INVALID, e.kind(), bad);
    }
    PkiException unknown = assertThrows(PkiException.class, () -> pki.revoke("bob"));
    assertEquals(PkiException.Kind.NOT_FOUND, unknown.kind());
    assertTrue(unknown.getMessage().startsWith("no valid certificate for 'bob'"));
    assertFalse(Files.readString(dir.resolve("pki/revoked.txt")).contains("bob"));
    assertThrows(IllegalArgumentException.class, () -> new San(San.Type.UPN, "not a upn"));
    assertThrows(IllegalArgumentException.class, () -> San.hostName("bad_name!"));
    assertThrows(IllegalArgumentException.class, () -> KeySpec.rsa(1024));
    PkiException noPki =
        assertThrows(PkiException.class, () -> pki(dir.resolve("none"), null, NOW).index());
    assertTrue(noPki.getMessage().contains("run p2sgate pki init"));
  }

  @Test
  void rsaCaIssuesRsaLeavesAndSignsTheCrlWithRsa() throws Exception {
    Path p = dir.resolve("pki");
    PkiFolder pki = init(p, null, KeySpec.rsa(2048));
    X509Certificate ca = cert(p.resolve("ca.crt"));
    assertEquals(2048, ((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength());
    assertEquals("SHA256withRSA", ca.getSigAlgName());
    pki.issue(new PkiFolder.IssueOptions("bob", List.of(), Duration.ofDays(10), null));
    X509Certificate bob = cert(p.resolve("clients/bob.crt"));
    assertEquals("RSA", bob.getPublicKey().getAlgorithm());
    assertTrue(bob.getKeyUsage()[2], "keyEncipherment for RSA");
    pki.revoke("bob");
    X509CRL crl = crl(p.resolve("ca.crl"));
    assertEquals("SHA256withRSA", crl.getSigAlgName());
    crl.verify(ca.getPublicKey());
  }

  @Test
  void theCaKeyCanLiveOutsideTheFolder() throws Exception {
    Path p = dir.resolve("pki");
    Path offline = dir.resolve("offline/ca.key");
    init(p, offline, KeySpec.EC_P256);
    assertFalse(Files.exists(p.resolve("ca.key")));
    assertEquals("rw-------", mode(offline));
    PkiException noKey =
        assertThrows(
            PkiException.class,
            () ->
                pki(p, null, NOW)
                    .issue(
                        new PkiFolder.IssueOptions("carol", List.of(), Duration.ofDays(1), null)));
    assertTrue(noKey.getMessage().contains("--ca-key"), noKey.getMessage());
    pki(p, offline, NOW)
        .issue(new PkiFolder.IssueOptions("carol", List.of(), Duration.ofDays(1), null));
    // without the key, revoke still cuts carol off through the thumbprint list
    PkiFolder.Revoked r = pki(p, null, NOW).revoke("carol");
    assertFalse(r.crlSigned());
    assertTrue(
        Files.readString(p.resolve("revoked.txt"))
            .contains(sha256(cert(p.resolve("clients/carol.crt")))));
    assertFalse(crl(p.resolve("ca.crl")).isRevoked(cert(p.resolve("clients/carol.crt"))));
    pki(p, offline, NOW).resignCrl(Duration.ofDays(7));
    X509CRL crl = crl(p.resolve("ca.crl"));
    assertTrue(crl.isRevoked(cert(p.resolve("clients/carol.crt"))));
    assertEquals(NOW.plus(Duration.ofDays(7)), crl.getNextUpdate().toInstant());
  }

  @Test
  void importCaWithItsKeyIssuesFromIt() throws Exception {
    Path theirs = dir.resolve("theirs");
    init(theirs, null, KeySpec.EC_P256);
    // their key in the traditional SEC1 form ("EC PRIVATE KEY"), as openssl ec writes it
    Path sec1 = dir.resolve("their-ca.key");
    org.p2sgate.core.config.Tools.run(
        dir, "openssl", "ec", "-in", theirs.resolve("ca.key").toString(), "-out", sec1.toString());
    assertTrue(Files.readString(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----"));

    Path p = dir.resolve("pki");
    PkiFolder pki = pki(p, null, NOW);
    pki.importCa(theirs.resolve("ca.crt"), sec1, "gw", List.of(), Duration.ofDays(30));
    assertEquals("rw-------", mode(p.resolve("ca.key")));
    pki.issue(new PkiFolder.IssueOptions("dave", List.of(), Duration.ofDays(1), null));
    cert(p.resolve("clients/dave.crt")).verify(cert(theirs.resolve("ca.crt")).getPublicKey());
    cert(p.resolve("server.crt")).verify(cert(theirs.resolve("ca.crt")).getPublicKey());
    crl(p.resolve("ca.crl")).verify(cert(theirs.resolve("ca.crt")).getPublicKey());
  }

  @Test
  void importCaWithoutKeyOnlyTrustsIt() throws Exception {
    Path theirs = dir.resolve("theirs");
    init(theirs, null, KeySpec.EC_P256);
    Path p = dir.resolve("pki");
    PkiFolder pki = pki(p, null, NOW);
    pki.importCa(theirs.resolve("ca.crt"), null, "gw", List.of(), Duration.ofDays(30));
    assertTrue(Files.exists(p.resolve("ca.crt")));
    assertTrue(Files.exists(p.resolve("tc.key")));
    assertFalse(Files.exists(p.resolve("ca.key")));
    assertFalse(Files.exists(p.resolve("server.crt")));
    PkiException e =
        assertThrows(
            PkiException.class,
            () ->
                pki.issue(new PkiFolder.IssueOptions("erin", List.of(), Duration.ofDays(1), null)));
    assertTrue(e.getMessage().contains("imported without its key"), e.getMessage());

    // a key that is not the CA's, and a certificate that is not a CA, are refused
    Path other = dir.resolve("other");
    init(other, null, KeySpec.EC_P256);
    PkiException mismatch =
        assertThrows(
            PkiException.class,
            () ->
                pki(dir.resolve("p2"), null, NOW)
                    .importCa(
                        theirs.resolve("ca.crt"),
                        other.resolve("ca.key"),
                        "gw",
                        List.of(),
                        Duration.ofDays(1)));
    assertTrue(mismatch.getMessage().contains("is not the private key"), mismatch.getMessage());
    PkiException notCa =
        assertThrows(
            PkiException.class,
            () ->
                pki(dir.resolve("p3"), null, NOW)
                    .importCa(
                        theirs.resolve("server.crt"), null, "gw", List.of(), Duration.ofDays(1)));
    assertTrue(notCa.getMessage().contains("is not a CA certificate"), notCa.getMessage());
  }

  @Test
  void statusFollowsTheClockAndTheIndexSurvivesARoundTrip() throws Exception {
    PkiFolder pki = init(dir.resolve("pki"), null, KeySpec.EC_P256);
    pki.issue(new PkiFolder.IssueOptions("frank", List.of(), Duration.ofDays(1), null));
    CertIndex index = pki.index();
    CertIndex.Entry frank = index.validClients("frank", NOW).get(0);
    assertEquals(CertIndex.Status.EXPIRED, frank.status(NOW.plus(Duration.ofDays(2))));
    assertEquals(index, CertIndex.fromJson(index.toJson()));
    assertThrows(IllegalArgumentException.class, () -> CertIndex.fromJson("{}"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CertIndex.fromJson("{\"certificates\":[{\"serial\":\"1\"}]}"));
    // an expired certificate goes in no profile
    PkiException expired =
        assertThrows(
            PkiException.class,
            () -> pki(dir.resolve("pki"), null, NOW.plus(Duration.ofDays(2))).client("frank"));
    assertTrue(expired.getMessage().contains("is expired"), expired.getMessage());
  }
}
