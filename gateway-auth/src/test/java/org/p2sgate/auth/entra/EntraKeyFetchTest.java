package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2sgate.auth.entra.TestIdp.login;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.MutableClock;

/**
 * Key fetching while the IdP is down or slow: logins with a cached {@code kid} neither wait nor
 * cause requests, no login waits longer than the HTTP timeout for another's fetch, and failed
 * fetches back off instead of being repeated on every login. The IdP is the real mock OIDC server;
 * {@link OidcFront} in front of it counts, delays and fails requests.
 */
class EntraKeyFetchTest extends IdpFixture {
  private static final AuthResult JWKS_UNAVAILABLE = new AuthResult.Unavailable("JWKS unavailable");

  private String signed(RSAKey key, String kid) throws Exception {
    return TestIdp.sign(idp.claims().build(), key, kid);
  }

  private static void assertAccepted(AuthResult result) {
    assertEquals(
        "alice@example.org", assertInstanceOf(AuthResult.Accepted.class, result).identity());
  }

  /** A login on its own virtual thread, timed. */
  private record Timed(AuthResult result, long millis) {}

  private static CompletableFuture<Timed> timedLogin(
      EntraTokenAuthenticator auth, String token, CountDownLatch go) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            assertTrue(go.await(10, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            AuthResult r = login(auth, token);
            return new Timed(r, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        executor);
  }

  /**
   * (a) The JWKS endpoint answers 5xx: tokens with the cached kid keep verifying, and 200 tokens
   * with random kids spread over ~2 s (past the 1 s cache lifetime, over several of Nimbus' rate
   * limit windows) cost at most 2 requests: the injected clock stands still, so the backoff after
   * the first failure never ends. Each is undecided (Unavailable), not "unknown signing key".
   */
  @Test
  void jwksDownCachedKidsVerifyAndRandomKidsDoNotStormTheEndpoint() throws Exception {
    OidcFront front = front();
    EntraConfig config =
        idp.config()
            .withDiscoveryUrl(front.discoveryUrl())
            .withJwksCache(Duration.ofSeconds(1), Duration.ofHours(1));
    EntraTokenAuthenticator auth = authenticator(config, new MutableClock());
    String good = goodToken();
    assertAccepted(login(auth, good));
    assertEquals(1, front.jwksHits.get());

    front.jwksDown = true;
    RSAKey stranger = TestIdp.newKey("stranger");
    List<AuthResult> strangers = new ArrayList<>();
    List<AuthResult> known = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      strangers.add(login(auth, signed(stranger, UUID.randomUUID().toString())));
      if (i % 10 == 0) {
        known.add(login(auth, good));
      }
      Thread.sleep(10);
    }
    known.add(login(auth, good));
    known.forEach(EntraKeyFetchTest::assertAccepted);
    int during = front.jwksHits.get() - 1;
    assertTrue(during >= 1 && during <= 2, "requests while down: " + during);
    assertEquals(1, front.discoveryHits.get());
    for (AuthResult r : strangers) {
      assertEquals(JWKS_UNAVAILABLE, r);
    }
  }

  /**
   * (a) The discovery endpoint answers 500: 200 logins make one request, not 200; the next ones
   * follow the backoff (1 s, then 2 s, then 4 s on the injected clock); once it answers again, the
   * next allowed attempt succeeds.
   */
  @Test
  void discoveryDownIsAskedOnceNotOnEveryLoginAndThenByTheBackoff() throws Exception {
    OidcFront front = front();
    front.discoveryDown = true;
    MutableClock clock = new MutableClock();
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()), clock);
    AuthResult down =
        new AuthResult.Unavailable("OIDC discovery unavailable: " + front.discoveryUrl());
    String good = goodToken();
    for (int i = 0; i < 200; i++) {
      assertEquals(down, login(auth, good), "login " + i);
    }
    assertEquals(1, front.discoveryHits.get());

    List<Integer> hits = new ArrayList<>();
    for (int second = 1; second <= 7; second++) {
      clock.advance(Duration.ofSeconds(1));
      assertEquals(down, login(auth, good));
      hits.add(front.discoveryHits.get());
    }
    // attempts at 1 s (then wait 2 s), 3 s (then 4 s), 7 s
    assertEquals(List.of(2, 2, 3, 3, 3, 3, 4), hits);

    front.discoveryDown = false;
    assertEquals(down, login(auth, good), "still backing off (8 s after the 4th failure)");
    assertEquals(4, front.discoveryHits.get());
    clock.advance(Duration.ofSeconds(8));
    assertAccepted(login(auth, good));
    assertEquals(5, front.discoveryHits.get());
    assertEquals(1, front.jwksHits.get());
  }

  /**
   * (b) The JWKS endpoint answers after 2 s, and the cached keys are past their 1 s lifetime (so
   * they need a refresh): 16 concurrent logins with the cached kid each finish well under the
   * delay, while one login with an unknown kid, which needs the slow endpoint, finishes within the
   * HTTP timeout.
   */
  @Test
  void slowJwksEndpointDoesNotHoldUpLoginsWithACachedKid() throws Exception {
    OidcFront front = front();
    EntraConfig config =
        idp.config()
            .withDiscoveryUrl(front.discoveryUrl())
            .withJwksCache(Duration.ofSeconds(1), Duration.ofHours(1));
    EntraTokenAuthenticator auth = authenticator(config, Clock.systemUTC());
    String good = goodToken();
    assertAccepted(login(auth, good));
    front.jwksDelayMillis = 2000;
    Thread.sleep(1200);

    CountDownLatch go = new CountDownLatch(1);
    CompletableFuture<Timed> stranger =
        timedLogin(auth, signed(TestIdp.newKey("stranger"), "stranger"), go);
    List<CompletableFuture<Timed>> cached = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      cached.add(timedLogin(auth, good, go));
    }
    go.countDown();
    for (CompletableFuture<Timed> f : cached) {
      Timed t = f.get(10, TimeUnit.SECONDS);
      assertAccepted(t.result());
      assertTrue(t.millis() < 1000, "a login with a cached kid took " + t.millis() + " ms");
    }
    Timed s = stranger.get(10, TimeUnit.SECONDS);
    assertFalse(s.result() instanceof AuthResult.Accepted, s.toString());
    long bound = config.httpTimeout().toMillis() + 1000;
    assertTrue(s.millis() < bound, "the unknown kid's login took " + s.millis() + " ms");
    assertTrue(front.jwksHits.get() <= 3, "JWKS requests: " + front.jwksHits.get());
  }

  /**
   * (b) The discovery endpoint answers after 3 s, the HTTP timeout is 1 s: of 8 concurrent first
   * logins one makes the request, none waits much longer than the timeout, all are undecided.
   */
  @Test
  void slowDiscoveryIsOneRequestAndNoLoginWaitsMuchLongerThanTheHttpTimeout() throws Exception {
    OidcFront front = front();
    front.discoveryDelayMillis = 3000;
    EntraConfig config =
        idp.config().withDiscoveryUrl(front.discoveryUrl()).withHttpTimeout(Duration.ofSeconds(1));
    EntraTokenAuthenticator auth = authenticator(config, Clock.systemUTC());
    String good = goodToken();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Timed>> logins = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      logins.add(timedLogin(auth, good, go));
    }
    go.countDown();
    for (CompletableFuture<Timed> f : logins) {
      Timed t = f.get(20, TimeUnit.SECONDS);
      AuthResult.Unavailable u = assertInstanceOf(AuthResult.Unavailable.class, t.result());
      assertTrue(u.cause().startsWith("OIDC discovery unavailable"), u.cause());
      assertTrue(t.millis() < 2000, "a login took " + t.millis() + " ms");
    }
    assertEquals(1, front.discoveryHits.get());
  }

  /**
   * (c) A refresh for a new kid fails while the JWKS endpoint is down. The endpoint comes back with
   * the new key: while the backoff lasts (the injected clock stands still; 1.2 s of real time, more
   * than Nimbus' 0.5 s rate limit window here) no request is made and the new kid is undecided;
   * once the clock passes the backoff, the next allowed refresh picks the key up.
   */
  @Test
  void afterTheJwksEndpointRecoversTheNextAllowedRefreshPicksUpANewKey() throws Exception {
    OidcFront front = front();
    MutableClock clock = new MutableClock();
    EntraConfig config =
        idp.config()
            .withDiscoveryUrl(front.discoveryUrl())
            .withJwksCache(Duration.ofSeconds(1), Duration.ofHours(1));
    EntraTokenAuthenticator auth = authenticator(config, clock);
    String good = goodToken();
    assertAccepted(login(auth, good));

    front.jwksDown = true;
    RSAKey next = TestIdp.newKey("next-2026");
    String nextToken = signed(next, "next-2026");
    List<AuthResult> undecided = new ArrayList<>();
    undecided.add(login(auth, nextToken)); // its refresh fails
    assertEquals(2, front.jwksHits.get());

    front.addKey(next);
    front.jwksDown = false;
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
    while (System.nanoTime() < until) {
      undecided.add(login(auth, nextToken));
      assertAccepted(login(auth, good));
      Thread.sleep(100);
    }
    assertEquals(2, front.jwksHits.get(), "no request while backing off");
    for (AuthResult r : undecided) {
      assertEquals(JWKS_UNAVAILABLE, r, "the last refresh failed: undecided, not unknown");
    }

    clock.advance(Backoff.INITIAL);
    AuthResult result = login(auth, nextToken);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (!(result instanceof AuthResult.Accepted) && System.nanoTime() < deadline) {
      assertEquals(JWKS_UNAVAILABLE, result, "Nimbus' rate limit may hold it back a moment");
      Thread.sleep(50);
      result = login(auth, nextToken);
    }
    assertAccepted(result);
    assertEquals(3, front.jwksHits.get(), "one refresh picked up the key");
  }

  /**
   * While the IdP answers, a stream of random kids costs at most one refresh per Nimbus rate-limit
   * window (30 s by default) on top of the first fetch, and each is "unknown signing key".
   */
  @Test
  void randomKidsWhileTheIdpAnswersCostAtMostOneRefresh() throws Exception {
    OidcFront front = front();
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withDiscoveryUrl(front.discoveryUrl()), Clock.systemUTC());
    assertAccepted(login(auth, goodToken()));
    RSAKey stranger = TestIdp.newKey("stranger");
    for (int i = 0; i < 200; i++) {
      String kid = UUID.randomUUID().toString();
      assertEquals(
          new AuthResult.Rejected("unknown signing key"), login(auth, signed(stranger, kid)));
    }
    assertEquals(2, front.jwksHits.get());
  }
}
