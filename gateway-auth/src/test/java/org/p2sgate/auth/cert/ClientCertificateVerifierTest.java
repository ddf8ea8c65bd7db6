package org.p2sgate.auth.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.cert.TestPki.Issued;

/** The plain verifier gateway-core's TLS handshake uses keeps its public API and behaviour. */
class ClientCertificateVerifierTest {
  static final Issued ROOT = CertificateAuthenticatorTest.ROOT;
  static final Issued INTER = CertificateAuthenticatorTest.INTER;

  @Test
  void parsesPemChecksTheChainAndNamesTheCommonName() throws Exception {
    List<X509Certificate> cas = ClientCertificateVerifier.parsePem(TestPki.pem(ROOT.cert()));
    var v = new ClientCertificateVerifier(cas, Clock.fixed(TestPki.NOW, ZoneOffset.UTC));
    Issued alice = TestPki.leaf("alice", INTER);
    assertEquals("alice", v.verify(new X509Certificate[] {alice.cert(), INTER.cert()}));
    assertEquals("alice", ClientCertificateVerifier.commonName(alice.cert()));
    Issued stranger = TestPki.leaf("mallory", TestPki.root("Stranger"));
    var e =
        assertThrows(
            CertificateException.class, () -> v.verify(new X509Certificate[] {stranger.cert()}));
    assertEquals("not issued by a trusted CA", e.getMessage());
    // unlike the certificate method, a leaf without any EKU passes here (OpenVPN's default)
    Issued noEku = TestPki.leaf("noeku", INTER, null, null);
    assertEquals("noeku", v.verify(new X509Certificate[] {noEku.cert(), INTER.cert()}));
  }
}
