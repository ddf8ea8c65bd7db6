package org.p2sgate.core.tls;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2sgate.core.pki.KeySpec;
import org.p2sgate.core.pki.ThrowawayPki;

class LoopbackHandshakeTest {
  static final ThrowawayPki SERVER =
      ThrowawayPki.create(KeySpec.EC_P256, Instant.now(), new SecureRandom());
  static final ThrowawayPki CLIENT =
      ThrowawayPki.create(KeySpec.EC_P256, Instant.now(), new SecureRandom());
  static final ServerCredentials CREDS =
      new ServerCredentials(SERVER.clientChain(), SERVER.clientKey());

  @Test
  void completesWhenTheServerAcceptsTheClient() throws Exception {
    PeerVerifier accept =
        chain -> new PeerVerifier.Verified("warm", List.of(chain[0], CLIENT.ca()));
    for (boolean tls12 : new boolean[] {false, true}) {
      TlsServerDriver server = new TlsServerDriver(CREDS, accept, false);
      assertTrue(
          LoopbackHandshake.run(server, CLIENT.clientChain(), CLIENT.clientKey(), tls12),
          "tls12=" + tls12);
      assertTrue(server.summary().contains(tls12 ? "1.2" : "1.3"), server.summary());
      server.close();
    }
  }

  @Test
  void aRefusedClientCertificateFailsTheHandshake() throws Exception {
    PeerVerifier refuse =
        chain -> {
          throw new CertificateException("not this one");
        };
    TlsServerDriver server = new TlsServerDriver(CREDS, refuse, false);
    assertThrows(
        java.io.IOException.class,
        () -> LoopbackHandshake.run(server, CLIENT.clientChain(), CLIENT.clientKey(), false));
  }
}
