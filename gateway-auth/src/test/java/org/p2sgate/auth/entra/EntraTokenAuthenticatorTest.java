package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2sgate.auth.entra.TestIdp.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Credentials;

/** Claim checks against real RS256 tokens from an in-process OIDC server. */
class EntraTokenAuthenticatorTest {
  private static TestIdp idp;
  private static ExecutorService executor;
  private final List<EntraTokenAuthenticator> opened = new ArrayList<>();

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

  @AfterEach
  void closeAuthenticators() {
    opened.forEach(EntraTokenAuthenticator::close);
  }

  private EntraTokenAuthenticator authenticator(EntraConfig config, Clock clock) {
    EntraTokenAuthenticator a = new EntraTokenAuthenticator(config, executor, clock);
    opened.add(a);
    return a;
  }

  private EntraTokenAuthenticator authenticator(EntraConfig config) {
    return authenticator(config, Clock.systemUTC());
  }

  private static void assertRejected(String reason, AuthResult result) {
    assertEquals(new AuthResult.Rejected(reason), result);
  }

  @Test
  void acceptsValidTokenWithIdentityFromUpnAndClaimsAsAttributes() throws Exception {
    String token =
        idp.token(
            Map.of(
                "upn", "alice@example.org",
                "preferred_username", "alice.pref@example.org",
                "oid", "00000000-0000-0000-0000-0000000000a1",
                "name", "Alice",
                "groups", List.of("g-1", "g-2")));
    AuthResult result = login(authenticator(idp.config()), token);
    AuthResult.Accepted accepted = assertInstanceOf(AuthResult.Accepted.class, result);
    assertEquals("alice@example.org", accepted.identity());
    Map<String, String> attrs = accepted.attributes();
    assertEquals("00000000-0000-0000-0000-0000000000a1", attrs.get("oid"));
    assertEquals(TestIdp.TENANT, attrs.get("tid"));
    assertEquals("Alice", attrs.get("name"));
    assertEquals("g-1,g-2", attrs.get("groups"));
    assertEquals(idp.issuer(), attrs.get("iss"));
    assertTrue(attrs.keySet().stream().allMatch(ClaimsCheck.ATTRIBUTE_CLAIMS::contains));
  }

  @Test
  void identityFallsBackToPreferredUsernameThenOid() throws Exception {
    EntraTokenAuthenticator auth = authenticator(idp.config());
    AuthResult pref =
        login(auth, idp.token(Map.of("preferred_username", "bob@example.org", "oid", "o-2")));
    assertEquals("bob@example.org", assertInstanceOf(AuthResult.Accepted.class, pref).identity());
    AuthResult oid = login(auth, idp.token(Map.of("oid", "o-3")));
    assertEquals("o-3", assertInstanceOf(AuthResult.Accepted.class, oid).identity());
    assertRejected("no identity claim", login(auth, idp.token(Map.of("name", "Nobody"))));
  }

  @Test
  void usernameMustBeAzureAdInAnyCase() throws Exception {
    EntraTokenAuthenticator auth = authenticator(idp.config());
    String token = idp.token(Map.of("upn", "alice@example.org"));
    AuthResult other =
        auth.authenticate(new Credentials(List.of(), "alice", token), TestIdp.CONTEXT)
            .toCompletableFuture()
            .get();
    assertRejected("not an Entra token login", other);
    AuthResult lower =
        auth.authenticate(new Credentials(List.of(), "azuread", token), TestIdp.CONTEXT)
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
    assertInstanceOf(AuthResult.Accepted.class, lower);
  }

  @Test
  void expiredTokenIsRejected() throws Exception {
    String token = idp.token(Map.of("upn", "alice@example.org"), TestIdp.AUD, 60);
    Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(3));
    assertRejected("token expired", login(authenticator(idp.config(), later), token));
    // within exp + skew (60 s) it still passes
    Clock justAfter = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(90));
    assertInstanceOf(
        AuthResult.Accepted.class, login(authenticator(idp.config(), justAfter), token));
  }

  @Test
  void notYetValidTokenIsRejected() throws Exception {
    String token = idp.token(Map.of("upn", "alice@example.org"));
    Clock earlier = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10));
    assertRejected("token not yet valid", login(authenticator(idp.config(), earlier), token));
  }

  @Test
  void tokenIssuedInTheFutureIsRejected() throws Exception {
    Instant now = Instant.now();
    String token =
        idp.token(Map.of("upn", "a@example.org", "iat", now.plusSeconds(600).getEpochSecond()));
    Clock fixed = Clock.fixed(now.plusSeconds(5), ZoneOffset.UTC);
    assertRejected("token issued in the future", login(authenticator(idp.config(), fixed), token));
  }

  @Test
  void wrongAudienceIsRejectedAndBothDefaultAudiencesAccepted() throws Exception {
    EntraTokenAuthenticator auth = authenticator(idp.config());
    Map<String, String> upn = Map.of("upn", "alice@example.org");
    assertRejected("wrong audience", login(auth, idp.token(upn, "api://someone-else", 3600)));
    for (String aud : EntraConfig.DEFAULT_AUDIENCES) {
      assertInstanceOf(AuthResult.Accepted.class, login(auth, idp.token(upn, aud, 3600)));
    }
  }

  @Test
  void wrongTenantIsRejected() throws Exception {
    String token = idp.token(Map.of("upn", "alice@example.org", "tid", "other-tenant"));
    assertRejected("wrong tenant", login(authenticator(idp.config()), token));
  }

  @Test
  void wrongIssuerIsRejected() throws Exception {
    // Microsoft's issuers for the tenant only; the mock's issuer URL is not among them.
    EntraConfig config =
        EntraConfig.forTenant(TestIdp.TENANT).withDiscoveryUrl(idp.config().discoveryUrl());
    String token = idp.token(Map.of("upn", "alice@example.org"));
    assertRejected("wrong issuer", login(authenticator(config), token));
  }

  @Test
  void requiredGroupPresentOrAbsent() throws Exception {
    EntraTokenAuthenticator auth =
        authenticator(idp.config().withRequiredGroups(Set.of("vpn-users", "admins")));
    String member = idp.token(Map.of("upn", "a@example.org", "groups", List.of("x", "admins")));
    assertInstanceOf(AuthResult.Accepted.class, login(auth, member));
    String outsider = idp.token(Map.of("upn", "b@example.org", "groups", List.of("x")));
    assertRejected("not in a required group", login(auth, outsider));
    assertRejected("not in a required group", login(auth, idp.token(Map.of("upn", "c@x.org"))));
  }

  @Test
  void requiredRolePresentOrAbsent() throws Exception {
    EntraTokenAuthenticator auth = authenticator(idp.config().withRequiredRoles(Set.of("VPN.Use")));
    String with = idp.token(Map.of("upn", "a@example.org", "roles", List.of("VPN.Use")));
    assertInstanceOf(AuthResult.Accepted.class, login(auth, with));
    String without = idp.token(Map.of("upn", "b@example.org", "roles", List.of("Other")));
    assertRejected("missing a required role", login(auth, without));
  }

  @Test
  void largeTokenOf12KibValidates() throws Exception {
    String token = idp.token(Map.of("upn", "alice@example.org", "pad", "p".repeat(12 * 1024)));
    assertTrue(token.length() >= 12 * 1024, "token is " + token.length() + " chars");
    assertInstanceOf(AuthResult.Accepted.class, login(authenticator(idp.config()), token));
  }

  @Test
  void garbageTokensAreRejectedWithFixedReasons() throws Exception {
    EntraTokenAuthenticator auth = authenticator(idp.config());
    assertRejected("empty token", login(auth, ""));
    assertRejected("malformed token", login(auth, "not-a-jwt"));
    // header "notjson" base64url-encoded
    assertRejected("malformed token", login(auth, "bm90anNvbg.e30.c2lnbmF0dXJl"));
    assertRejected("token too long", login(auth, "a".repeat(64 * 1024 + 1)));
  }

  @Test
  void validationRunsOnTheGivenExecutor() throws Exception {
    AtomicInteger tasks = new AtomicInteger();
    EntraTokenAuthenticator auth = authenticator(idp.config(), Clock.systemUTC());
    EntraTokenAuthenticator counted =
        new EntraTokenAuthenticator(
            idp.config(),
            task -> {
              tasks.incrementAndGet();
              executor.execute(task);
            });
    opened.add(counted);
    assertInstanceOf(
        AuthResult.Accepted.class, login(counted, idp.token(Map.of("upn", "a@example.org"))));
    assertEquals(1, tasks.get());
    assertInstanceOf(
        AuthResult.Accepted.class, login(auth, idp.token(Map.of("upn", "a@example.org"))));
  }
}
