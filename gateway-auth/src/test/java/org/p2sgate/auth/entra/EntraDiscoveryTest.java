package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2sgate.auth.entra.TestIdp.login;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.MutableClock;

/**
 * The OIDC discovery step: unreachable or unusable documents are Unavailable, and retried after a
 * backoff.
 */
class EntraDiscoveryTest {
  private static TestIdp idp;
  private static ExecutorService executor;

  @BeforeAll
  static void start() throws Exception {
    idp = new TestIdp();
    executor = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterAll
  static void stop() throws Exception {
    idp.close();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  private String goodToken() {
    return idp.token(Map.of("upn", "alice@example.org"));
  }

  @Test
  void discoveryNeverReachableIsUnavailableAndRetriedLater() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI closed = URI.create("http://127.0.0.1:" + port + "/.well-known/openid-configuration");
    EntraConfig config =
        idp.config().withDiscoveryUrl(closed).withHttpTimeout(Duration.ofSeconds(2));
    try (EntraTokenAuthenticator auth = new EntraTokenAuthenticator(config, executor)) {
      AuthResult result = login(auth, goodToken());
      assertEquals(new AuthResult.Unavailable("OIDC discovery unavailable: " + closed), result);
      assertEquals(result, login(auth, goodToken()));
    }
  }

  @Test
  void unusableDocumentsAreUnavailableAndAFixedDocumentIsPickedUp() throws Exception {
    MutableClock clock = new MutableClock();
    try (OidcFront front = new OidcFront(idp.issuer(), idp.jwksUrl());
        EntraTokenAuthenticator auth =
            new EntraTokenAuthenticator(
                idp.config().withDiscoveryUrl(front.discoveryUrl()), executor, clock)) {
      AuthResult bad =
          new AuthResult.Unavailable(
              "OIDC discovery unavailable: bad document at " + front.discoveryUrl());
      for (String doc :
          new String[] {
            "not json", "{\"issuer\":\"x\"}", "{\"jwks_uri\":\"ftp://127.0.0.1/keys\"}"
          }) {
        front.discoveryBody = doc;
        assertEquals(bad, login(auth, goodToken()), doc);
        clock.advance(Backoff.MAX); // past the backoff after this failure
      }
      front.discoveryBody = null;
      assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
      assertEquals(4, front.discoveryHits.get());
    }
  }

  @Test
  void aFailedDiscoveryIsNotRetriedBeforeTheBackoffEnds() throws Exception {
    MutableClock clock = new MutableClock();
    try (OidcFront front = new OidcFront(idp.issuer(), idp.jwksUrl());
        EntraTokenAuthenticator auth =
            new EntraTokenAuthenticator(
                idp.config().withDiscoveryUrl(front.discoveryUrl()), executor, clock)) {
      front.discoveryBody = "not json";
      AuthResult bad =
          new AuthResult.Unavailable(
              "OIDC discovery unavailable: bad document at " + front.discoveryUrl());
      assertEquals(bad, login(auth, goodToken()));
      front.discoveryBody = null;
      // the document is fixed, but the last attempt failed under a second ago: same answer, no
      // request
      clock.advance(Backoff.INITIAL.minusMillis(1));
      assertEquals(bad, login(auth, goodToken()));
      assertEquals(1, front.discoveryHits.get());
      clock.advance(Duration.ofMillis(1));
      assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
      assertEquals(2, front.discoveryHits.get());
    }
  }
}
