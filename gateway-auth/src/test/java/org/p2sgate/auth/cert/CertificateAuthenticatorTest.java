package org.p2sgate.auth.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;
import org.p2sgate.auth.cert.TestPki.Issued;

class CertificateAuthenticatorTest {
  static final Issued ROOT = TestPki.root("Test Root");
  static final Issued INTER = TestPki.intermediate("Test Intermediate", ROOT);
  static final Issued ALICE = TestPki.leaf("alice", INTER);
  static final Issued BOB = TestPki.leaf("bob", INTER);
  static final Clock CLOCK = Clock.fixed(TestPki.NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  static TrustStore trust() {
    List<X509Certificate> roots = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      roots.add(TestPki.root("Other Root " + i).cert());
    }
    roots.add(ROOT.cert());
    return TrustStore.of(roots);
  }

  static final TrustStore TRUST = trust();

  static List<X509Certificate> chain(Issued leaf) {
    return List.of(leaf.cert(), INTER.cert());
  }

  CertificateAuthenticator plain(IdentitySource source) {
    return new CertificateAuthenticator(TRUST, source, CLOCK);
  }

  CertificateAuthenticator withLists(String thumbprints, Object... crls) throws IOException {
    Path list = Files.writeString(dir.resolve("revoked.txt"), thumbprints);
    Path crlDir = Files.createDirectories(dir.resolve("crl"));
    for (int i = 0; i < crls.length; i++) {
      TestPki.writePem(crlDir.resolve(i + ".crl"), crls[i]);
    }
    RevocationList r = RevocationList.load(TRUST, List.of(list), List.of(crlDir));
    return new CertificateAuthenticator(TRUST, r, IdentitySource.COMMON_NAME, CLOCK);
  }

  static String rejected(AuthResult r) {
    return assertInstanceOf(AuthResult.Rejected.class, r).reason();
  }

  @Test
  void acceptsAGoodChainWithOrWithoutTheRoot() {
    AuthResult r = plain(IdentitySource.COMMON_NAME).check(chain(ALICE));
    AuthResult.Accepted a = assertInstanceOf(AuthResult.Accepted.class, r);
    assertEquals("alice", a.identity());
    assertEquals(Thumbprints.sha256(ALICE.cert()), a.attributes().get("cert.sha256"));
    assertEquals(ROOT.dn(), a.attributes().get("cert.trust-anchor"));
    AuthResult withRoot =
        plain(IdentitySource.COMMON_NAME).check(List.of(ALICE.cert(), INTER.cert(), ROOT.cert()));
    assertEquals("alice", assertInstanceOf(AuthResult.Accepted.class, withRoot).identity());
  }

  @Test
  void authenticateCompletesAtOnceAndNeverShowsThePassword() {
    var creds = new Credentials(chain(ALICE), "alice", "hunter2-secret");
    var ctx = new AuthContext(new InetSocketAddress("192.0.2.7", 1194), "s1", Map.of());
    AuthResult r =
        plain(IdentitySource.COMMON_NAME)
            .authenticate(creds, ctx)
            .toCompletableFuture()
            .getNow(null);
    assertInstanceOf(AuthResult.Accepted.class, r);
    assertFalse(r.toString().contains("hunter2"));
    assertFalse(creds.toString().contains("hunter2"));
  }

  @Test
  void refusesAMissingCertificate() {
    assertEquals(
        "no client certificate", rejected(plain(IdentitySource.COMMON_NAME).check(List.of())));
  }

  @Test
  void refusesAnUntrustedIssuerAndAForgedRootOfTheSameName() {
    Issued stranger = TestPki.root("Stranger Root");
    Issued leaf = TestPki.leaf("mallory", stranger);
    assertEquals(
        "not issued by a trusted CA",
        rejected(plain(IdentitySource.COMMON_NAME).check(List.of(leaf.cert()))));
    assertEquals(
        "not issued by a trusted CA",
        rejected(plain(IdentitySource.COMMON_NAME).check(List.of(leaf.cert(), stranger.cert()))));
    Issued forged = TestPki.root("Test Root");
    Issued forgedLeaf = TestPki.leaf("mallory", forged);
    assertEquals(
        "not issued by a trusted CA",
        rejected(plain(IdentitySource.COMMON_NAME).check(List.of(forgedLeaf.cert()))));
  }

  @Test
  void refusesATamperedSignatureOnTheLeafOrTheIntermediate() throws Exception {
    assertEquals(
        "not issued by a trusted CA",
        rejected(plain(IdentitySource.COMMON_NAME).check(List.of(tampered(ALICE.cert())))));
    assertEquals(
        "not issued by a trusted CA",
        rejected(
            plain(IdentitySource.COMMON_NAME)
                .check(List.of(ALICE.cert(), tampered(INTER.cert())))));
  }

  @Test
  void theValidatedPathHoldsTheCallersCertificatesAndTheTrustStoresAnchor() {
    CertificateAuthenticator.Checked c =
        plain(IdentitySource.COMMON_NAME).checkPath(List.of(ALICE.cert(), INTER.cert()));
    assertEquals(3, c.path().size());
    assertTrue(c.path().get(0) == ALICE.cert() && c.path().get(1) == INTER.cert());
    assertTrue(TRUST.certificates().stream().anyMatch(t -> t == c.path().get(2)));
  }

  /** The certificate with the last byte of its signature flipped (still well-formed DER). */
  private static X509Certificate tampered(X509Certificate cert) throws Exception {
    byte[] der = cert.getEncoded();
    der[der.length - 1] ^= 0x01;
    return (X509Certificate)
        java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(der));
  }

  @Test
  void refusesExpiredAndNotYetValidCertificatesAtTheClocksTime() {
    Issued old =
        TestPki.leaf(
            "old",
            INTER,
            KeyPurposeId.id_kp_clientAuth,
            null,
            TestPki.NOW.minus(Duration.ofDays(100)),
            TestPki.NOW.minus(Duration.ofDays(1)));
    assertEquals(
        "certificate expired", rejected(plain(IdentitySource.COMMON_NAME).check(chain(old))));
    Issued early =
        TestPki.leaf(
            "early",
            INTER,
            KeyPurposeId.id_kp_clientAuth,
            null,
            TestPki.NOW.plus(Duration.ofDays(1)),
            TestPki.NOW.plus(Duration.ofDays(100)));
    assertEquals(
        "certificate not yet valid",
        rejected(plain(IdentitySource.COMMON_NAME).check(chain(early))));
    Clock later = Clock.offset(CLOCK, Duration.ofDays(91));
    var auth = new CertificateAuthenticator(TRUST, IdentitySource.COMMON_NAME, later);
    assertEquals("certificate expired", rejected(auth.check(chain(ALICE))));
    Clock muchLater = Clock.offset(CLOCK, Duration.ofDays(2000));
    Issued longLeaf =
        TestPki.leaf(
            "long",
            INTER,
            KeyPurposeId.id_kp_clientAuth,
            null,
            TestPki.NOW,
            TestPki.NOW.plus(Duration.ofDays(3000)));
    var auth2 = new CertificateAuthenticator(TRUST, IdentitySource.COMMON_NAME, muchLater);
    assertEquals(
        "certificate expired (CA " + INTER.dn() + ")", rejected(auth2.check(chain(longLeaf))));
  }

  @Test
  void requiresTheClientAuthEku() {
    Issued none = TestPki.leaf("noeku", INTER, null, null);
    Issued server = TestPki.leaf("server", INTER, KeyPurposeId.id_kp_serverAuth, null);
    Issued any = TestPki.leaf("any", INTER, KeyPurposeId.anyExtendedKeyUsage, null);
    for (Issued leaf : List.of(none, server, any)) {
      assertEquals(
          "no clientAuth EKU", rejected(plain(IdentitySource.COMMON_NAME).check(chain(leaf))));
    }
  }

  @Test
  void identityFromUpnOrEmail() {
    Issued upn =
        TestPki.leaf(
            "Carol", INTER, KeyPurposeId.id_kp_clientAuth, TestPki.upnSan("carol@corp.example"));
    Issued mail =
        TestPki.leaf(
            "Dave", INTER, KeyPurposeId.id_kp_clientAuth, TestPki.emailSan("dave@corp.example"));
    assertEquals(
        "carol@corp.example",
        assertInstanceOf(AuthResult.Accepted.class, plain(IdentitySource.UPN).check(chain(upn)))
            .identity());
    assertEquals(
        "dave@corp.example",
        assertInstanceOf(AuthResult.Accepted.class, plain(IdentitySource.EMAIL).check(chain(mail)))
            .identity());
    assertEquals(
        "Carol",
        assertInstanceOf(
                AuthResult.Accepted.class, plain(IdentitySource.COMMON_NAME).check(chain(upn)))
            .identity());
    assertEquals(
        "no UPN in subjectAltName", rejected(plain(IdentitySource.UPN).check(chain(mail))));
    assertEquals(
        "no e-mail address in subjectAltName",
        rejected(plain(IdentitySource.EMAIL).check(chain(upn))));
    assertEquals(
        "no UPN in subjectAltName", rejected(plain(IdentitySource.UPN).check(chain(ALICE))));
  }

  @Test
  void refusesALeafOnTheThumbprintList() throws IOException {
    var auth = withLists("# revoked\n" + Thumbprints.sha1(ALICE.cert()).toUpperCase() + "\n");
    assertEquals("revoked (thumbprint list)", rejected(auth.check(chain(ALICE))));
    assertInstanceOf(AuthResult.Accepted.class, auth.check(chain(BOB)));
    var auth256 = withLists(Thumbprints.sha256(BOB.cert()) + "  # bob's laptop\n");
    assertEquals("revoked (thumbprint list)", rejected(auth256.check(chain(BOB))));
    assertInstanceOf(AuthResult.Accepted.class, auth256.check(chain(ALICE)));
  }

  @Test
  void refusesALeafOnItsIssuersCrl() throws IOException {
    var auth = withLists("", TestPki.crl(INTER, ALICE.cert()));
    assertEquals("revoked by CRL of " + INTER.dn(), rejected(auth.check(chain(ALICE))));
    assertEquals(
        "revoked by CRL of CN=Test Intermediate,O=p2sgate test",
        rejected(auth.check(chain(ALICE))));
    assertInstanceOf(AuthResult.Accepted.class, auth.check(chain(BOB)));
  }

  @Test
  void ignoresACrlNotSignedByTheIssuingCa() throws IOException {
    var forged = TestPki.crl(INTER, TestPki.keys(), ALICE.cert());
    var auth = withLists("", forged);
    assertInstanceOf(AuthResult.Accepted.class, auth.check(chain(ALICE)));
  }

  @Test
  void aRevokedIntermediateRefusesEverythingUnderIt() throws IOException {
    var byCrl = withLists("", TestPki.crl(ROOT, INTER.cert()));
    for (Issued leaf : List.of(ALICE, BOB)) {
      assertEquals(
          "revoked by CRL of " + ROOT.dn() + ": CA " + INTER.dn(),
          rejected(byCrl.check(chain(leaf))));
    }
    var byThumbprint = withLists(Thumbprints.sha256(INTER.cert()) + "\n");
    for (Issued leaf : List.of(ALICE, BOB)) {
      assertEquals(
          "revoked (thumbprint list): CA " + INTER.dn(), rejected(byThumbprint.check(chain(leaf))));
    }
  }

  @Test
  void aRevokedRootRefusesEverythingUnderIt() throws IOException {
    var auth = withLists(Thumbprints.sha1(ROOT.cert()) + "\n");
    assertEquals("revoked (thumbprint list): CA " + ROOT.dn(), rejected(auth.check(chain(ALICE))));
    Issued direct = TestPki.leaf("direct", ROOT);
    assertTrue(
        rejected(auth.check(List.of(direct.cert()))).startsWith("revoked (thumbprint list)"));
  }
}
