package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.auth.cert.Thumbprints;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;
import org.p2sgate.core.testing.TestPki;

/**
 * Live revocation checks the path a session's certificate validated along, kept from the latest key
 * exchange: appending a self-signed look-alike of the real CA, or renegotiating with another
 * certificate of the same name, does not hide a session from a revocation.
 */
class RevocationPathTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 44000);

  private record Bed(TestGateway gw, RevocationList list, Path thumbprints) {
    void revoke(java.security.cert.X509Certificate cert) throws Exception {
      Files.writeString(thumbprints, Thumbprints.sha256(cert) + "\n");
      list.reload();
    }
  }

  private static Bed bed(TestPki pki, Path dir) throws Exception {
    Path file = dir.resolve("revoked.txt");
    Files.writeString(file, "");
    TrustStore trust = TrustStore.of(TrustStore.parsePem(pki.caPem()));
    RevocationList list = RevocationList.load(trust, List.of(file), List.of());
    TestGateway gw = TestGateway.builder().pki(pki).revocations(list).build();
    list.addListener(revoked -> gw.sessions.closeRevoked(revoked, gw.now(), gw.out));
    return new Bed(gw, list, file);
  }

  @Test
  void aLookAlikeCaAppendedToTheChainDoesNotHideTheSession(@TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create("corp-ca");
    TestPki impostor = TestPki.create("corp-ca"); // same name, its own key: self-signed
    Bed bed = bed(pki, dir);
    TestOpenVpnClient c =
        bed.gw()
            .establish(PEER, bed.gw().clientConfig("alice").withExtraChain(impostor.ca().cert()));
    assertTrue(c.isConnected(), "the look-alike is set aside by validation");
    bed.revoke(pki.ca().cert()); // the operator revokes the real CA
    assertEquals(0, bed.gw().sessions.sessionCount(), "the session under it ends");
  }

  @Test
  void aRenegotiationWithAnotherCertificateIsCheckedFromThenOn(@TempDir Path dir) throws Exception {
    TestPki pki = TestPki.create("corp-ca");
    Bed bed = bed(pki, dir);
    TestOpenVpnClient c = bed.gw().establish(PEER, bed.gw().clientConfig("alice"));
    TestPki.Credential second = pki.client("alice"); // re-issued: same name, new key and serial
    c.changeCertificate(second);
    c.renegotiate(bed.gw().now());
    assertTrue(bed.gw().runUntil(() -> c.sendKeyId() == 1, 10_000), c::toString);
    bed.revoke(second.cert());
    assertEquals(0, bed.gw().sessions.sessionCount(), "the certificate in use now is revoked");
  }
}
