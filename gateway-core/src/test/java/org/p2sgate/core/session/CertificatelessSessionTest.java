package org.p2sgate.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.core.config.TlsWrapConfig;
import org.p2sgate.core.testing.TestClientConfig;
import org.p2sgate.core.testing.TestGateway;
import org.p2sgate.core.testing.TestOpenVpnClient;
import org.p2sgate.core.testing.TestPeer;

/**
 * Sessions without a client certificate (policies of only radius or entra): the handshake asks
 * none, the password decides, and a renegotiation must show the login's password again.
 */
class CertificatelessSessionTest {
  private static final TestPeer PEER = TestPeer.udp("198.18.0.2", 41000);

  /** Accepts the token "tok-1" as alice@example.org, like an Entra check would. */
  private static final Authenticator TOKENS =
      (credentials, context) ->
          CompletableFuture.completedFuture(
              "AzureAD".equals(credentials.username()) && "tok-1".equals(credentials.password())
                  ? new AuthResult.Accepted("alice@example.org", Map.of())
                  : new AuthResult.Rejected("bad token"));

  private static TestGateway gateway() {
    return TestGateway.builder()
        .wrap(TlsWrapConfig.Mode.TLS_CRYPT, 41)
        .noClientCertificates()
        .authenticator(TOKENS)
        .build();
  }

  private static TestClientConfig withoutCertificate(TestGateway gw, String password) {
    return gw.clientConfig("unused").withCert(null).withCredentials("AzureAD", password);
  }

  @Test
  void aClientWithoutACertificateLogsInAndRenegotiatesWithItsToken() {
    TestGateway gw = gateway();
    TestOpenVpnClient c = gw.establish(PEER, withoutCertificate(gw, "tok-1"));
    ClientSession s = gw.sessions.sessions().get(0);
    assertNull(s.commonName(), "no certificate, no common name");
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> s.currentKeyId() == 1 && c.sendKeyId() == 1, 10_000), c::toString);
    assertNull(c.failure());
    assertEquals(1, gw.sessions.sessionCount());
  }

  @Test
  void aRenegotiationWithOtherCredentialsEndsTheSession() {
    java.util.concurrent.atomic.AtomicInteger live =
        new java.util.concurrent.atomic.AtomicInteger();
    TestGateway gw =
        TestGateway.builder()
            .wrap(TlsWrapConfig.Mode.TLS_CRYPT, 41)
            .noClientCertificates()
            .authenticator(TOKENS)
            .telemetry(
                new org.p2sgate.core.observe.Telemetry() {
                  @Override
                  public void sessions(String transport, String method, int delta) {
                    live.addAndGet(delta);
                  }
                })
            .build();
    TestOpenVpnClient c = gw.establish(PEER, withoutCertificate(gw, "tok-1"));
    assertEquals(1, live.get(), "the sessions gauge counts the admitted session");
    c.changePassword("tok-2");
    c.renegotiate(gw.now());
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 10_000), c::toString);
    assertTrue(
        c.authFailed().contains("renegotiation without the session's credentials"), c.authFailed());
    gw.advance(5_000);
    assertEquals(0, gw.sessions.sessionCount(), "the session ended");
    assertEquals(0, live.get(), "a session refused at renegotiation leaves the sessions gauge");
  }

  @Test
  void aWrongTokenIsRefusedAtLogin() {
    TestGateway gw = gateway();
    TestOpenVpnClient c = gw.connect(PEER, withoutCertificate(gw, "forged"));
    assertTrue(gw.runUntil(() -> c.authFailed() != null, 10_000), c::toString);
    assertEquals("AUTH_FAILED,bad token", c.authFailed());
  }
}
