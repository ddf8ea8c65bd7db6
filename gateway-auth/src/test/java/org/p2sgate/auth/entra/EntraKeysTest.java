package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.p2sgate.auth.entra.TestIdp.login;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;

/** Signatures, algorithms and the key set: caching, refresh on unknown kid, outages. */
class EntraKeysTest extends IdpFixture {

  private static void assertRejected(String reason, AuthResult result) {
    assertEquals(new AuthResult.Rejected(reason), result);
  }

  @Test
  void forgedSignatureUnderTheIdpsKidIsRejected() throws Exception {
    String kid = SignedJWT.parse(goodToken()).getHeader().getKeyID();
    RSAKey attacker = TestIdp.newKey(kid);
    String forged = TestIdp.sign(idp.claims().build(), attacker, kid);
    EntraTokenAuthenticator auth = authenticator(idp.config());
    assertRejected("bad signature", login(auth, forged));
    // a real token of a second issuer on the same server, relabelled with the tenant's kid
    SignedJWT other =
        idp.server.issueToken(
            "other-issuer",
            "client",
            new DefaultOAuth2TokenCallback(
                "other-issuer",
                "s",
                "JWT",
                List.of(TestIdp.AUD),
                Map.of("tid", TestIdp.TENANT, "upn", "x@example.org"),
                3600));
    String[] parts = other.serialize().split("\\.");
    String header =
        new JWSHeader.Builder(other.getHeader()).keyID(kid).build().toBase64URL().toString();
    assertRejected("bad signature", login(auth, header + "." + parts[1] + "." + parts[2]));
  }

  @Test
  void tamperedPayloadIsRejected() throws Exception {
    String[] parts = goodToken().split("\\.");
    String payload =
        com.nimbusds.jose.util.Base64URL.encode(
                idp.claims().claim("upn", "mallory@example.org").build().toString())
            .toString();
    String tampered = parts[0] + "." + payload + "." + parts[2];
    assertRejected("bad signature", login(authenticator(idp.config()), tampered));
  }

  @Test
  void unknownKidIsRejectedAfterExactlyOneRefresh() throws Exception {
    OidcFront front = front();
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()));
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
    assertEquals(1, front.jwksHits.get());
    String stranger = TestIdp.sign(idp.claims().build(), TestIdp.newKey("stranger"), "stranger");
    assertRejected("unknown signing key", login(auth, stranger));
    assertEquals(2, front.jwksHits.get());
    // a flood of unknown kids does not hammer the endpoint (rate limit), the reason stays the same
    assertRejected("unknown signing key", login(auth, stranger));
    assertEquals(2, front.jwksHits.get());
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
  }

  @Test
  void rotatedKeyIsPickedUpByARefreshOnItsUnknownKid() throws Exception {
    OidcFront front = front();
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()));
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
    RSAKey rotated = TestIdp.newKey("rotated-2026");
    front.addKey(rotated);
    String token = TestIdp.sign(idp.claims().build(), rotated, "rotated-2026");
    AuthResult result = login(auth, token);
    assertEquals(
        "alice@example.org", assertInstanceOf(AuthResult.Accepted.class, result).identity());
    assertEquals(2, front.jwksHits.get());
  }

  @Test
  void concurrentFirstLoginsFetchTheKeysOnce() throws Exception {
    OidcFront front = front();
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()));
    String token = goodToken();
    List<java.util.concurrent.CompletableFuture<AuthResult>> results = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      results.add(
          auth.authenticate(
                  new org.p2sgate.auth.Credentials(List.of(), "AzureAD", token), TestIdp.CONTEXT)
              .toCompletableFuture());
    }
    for (var r : results) {
      assertInstanceOf(AuthResult.Accepted.class, r.get(30, TimeUnit.SECONDS));
    }
    assertEquals(1, front.jwksHits.get());
    assertEquals(1, front.discoveryHits.get());
  }

  @Test
  void onlyRs256IsAllowed() throws Exception {
    EntraTokenAuthenticator auth = authenticator(idp.config());
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
            idp.claims().build());
    hs.sign(new MACSigner(new byte[32]));
    assertRejected("algorithm not allowed: HS256", login(auth, hs.serialize()));
    String none = new PlainJWT(idp.claims().build()).serialize();
    assertRejected("algorithm not allowed: none", login(auth, none));
  }

  @Test
  void missingRequiredClaimsAreListedSorted() throws Exception {
    OidcFront front = front();
    RSAKey key = TestIdp.newKey("local");
    front.addKey(key);
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()));
    String token =
        TestIdp.sign(idp.claims().claim("tid", null).notBeforeTime(null).build(), key, "local");
    assertRejected("missing required claims: [nbf, tid]", login(auth, token));
  }

  @Test
  void wrongTokenTypeIsRejected() throws Exception {
    OidcFront front = front();
    RSAKey key = TestIdp.newKey("local");
    front.addKey(key);
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()));
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID("local")
                .type(new JOSEObjectType("logout+jwt"))
                .build(),
            idp.claims().build());
    jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
    assertRejected("token type not allowed", login(auth, jwt.serialize()));
  }

  @Test
  void cachedKeysStayUsableWhileTheJwksEndpointIsDown() throws Exception {
    OidcFront front = front();
    EntraConfig config =
        idp.config()
            .withDiscoveryUrl(front.discoveryUrl())
            .withJwksCache(Duration.ofSeconds(1), Duration.ofHours(1));
    EntraTokenAuthenticator auth = authenticator(config);
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
    front.jwksDown = true;
    Thread.sleep(1500); // past the cache lifetime: the next use must try the endpoint
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
    // in the background: the login was served from the cache
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (front.jwksHits.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(2, front.jwksHits.get(), "the endpoint was asked again, once");
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
  }

  @Test
  void keysAreRefreshedAheadOfExpiryInTheBackground() throws Exception {
    OidcFront front = front();
    EntraConfig config =
        idp.config()
            .withDiscoveryUrl(front.discoveryUrl())
            .withJwksCache(Duration.ofSeconds(2), Duration.ofHours(1));
    EntraTokenAuthenticator auth = authenticator(config);
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
    Thread.sleep(1700); // inside the refresh-ahead window (the last quarter of the lifetime)
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (front.jwksHits.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(2, front.jwksHits.get());
  }

  @Test
  void withoutOutageToleranceAnExpiredCacheAndADownEndpointAreUnavailable() throws Exception {
    OidcFront front = front();
    EntraConfig config =
        idp.config()
            .withDiscoveryUrl(front.discoveryUrl())
            .withJwksCache(Duration.ofSeconds(1), Duration.ZERO);
    EntraTokenAuthenticator auth = authenticator(config);
    assertInstanceOf(AuthResult.Accepted.class, login(auth, goodToken()));
    front.jwksDown = true;
    Thread.sleep(1500);
    assertEquals(new AuthResult.Unavailable("JWKS unavailable"), login(auth, goodToken()));
  }

  @Test
  void jwksNeverReachableIsUnavailable() throws Exception {
    OidcFront front = front();
    front.jwksDown = true;
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()));
    assertEquals(new AuthResult.Unavailable("JWKS unavailable"), login(auth, goodToken()));
  }
}
