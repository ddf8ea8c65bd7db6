package org.p2sgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingAuthenticatorTest {
  static final AuthContext CTX = ChainedAuthenticatorTest.CTX;

  final AtomicInteger calls = new AtomicInteger();
  final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));

  Authenticator passwordIs(String good) {
    return (c, ctx) -> {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture(
          c.password().equals(good)
              ? new AuthResult.Accepted(c.username(), Map.of("n", "" + calls.get()))
              : new AuthResult.Rejected("wrong password"));
    };
  }

  AuthResult login(Authenticator a, String user, String password) {
    return a.authenticate(new Credentials(List.of(), user, password), CTX)
        .toCompletableFuture()
        .join();
  }

  @Test
  void reusesAnAcceptanceUntilItExpires() {
    var cache = new CachingAuthenticator(passwordIs("pw"), Duration.ofMinutes(5), 100, clock);
    AuthResult first = login(cache, "alice", "pw");
    assertEquals(first, login(cache, "alice", "pw"));
    assertEquals(1, calls.get());
    clock.advance(Duration.ofMinutes(5));
    assertEquals(new AuthResult.Accepted("alice", Map.of("n", "2")), login(cache, "alice", "pw"));
    assertEquals(2, calls.get());
  }

  @Test
  void neverCachesRefusalsAndKeysOnEveryField() {
    var cache = new CachingAuthenticator(passwordIs("pw"), Duration.ofMinutes(5), 100, clock);
    login(cache, "alice", "bad");
    login(cache, "alice", "bad");
    assertEquals(2, calls.get());
    login(cache, "alice", "pw");
    assertEquals(new AuthResult.Rejected("wrong password"), login(cache, "alice", "pwx"));
    login(cache, "alicep", "w");
    assertEquals(5, calls.get());
    assertEquals(1, cache.size());
  }

  @Test
  void dropsTheLeastRecentlyUsedAndCanBeEmptied() {
    var cache = new CachingAuthenticator(AcceptAll.INSTANCE, Duration.ofMinutes(5), 2, clock);
    login(cache, "a", "1");
    login(cache, "b", "2");
    login(cache, "c", "3");
    assertEquals(2, cache.size());
    cache.invalidateAll();
    assertEquals(0, cache.size());
    assertFalse(cache.toString().contains("1"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CachingAuthenticator(AcceptAll.INSTANCE, Duration.ZERO, 2, clock));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CachingAuthenticator(AcceptAll.INSTANCE, Duration.ofSeconds(1), 0, clock));
  }
}
