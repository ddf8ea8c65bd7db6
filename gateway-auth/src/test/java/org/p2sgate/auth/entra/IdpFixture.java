package org.p2sgate.auth.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the key tests share: a real OIDC server for the class, an executor for the authenticators,
 * and after each test everything it opened closed, with no key refresh thread left behind.
 */
abstract class IdpFixture {
  static TestIdp idp;
  static ExecutorService executor;
  final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  static void startIdp() throws Exception {
    idp = new TestIdp();
    executor = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterAll
  static void stopIdp() throws Exception {
    idp.close();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  @AfterEach
  void closeAllAndCheckNoRefreshThreadLeaks() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (refreshThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, refreshThreads(), "key refresh threads left after close()");
  }

  /** An authenticator on the fixture's executor, closed after the test. */
  EntraTokenAuthenticator authenticator(EntraConfig config) {
    return authenticator(config, java.time.Clock.systemUTC());
  }

  EntraTokenAuthenticator authenticator(EntraConfig config, java.time.Clock clock) {
    EntraTokenAuthenticator a = new EntraTokenAuthenticator(config, executor, clock);
    opened.add(a);
    return a;
  }

  /** A front for the IdP that counts, delays and fails requests; closed after the test. */
  OidcFront front() throws Exception {
    OidcFront f = new OidcFront(idp.issuer(), idp.jwksUrl());
    opened.add(f);
    return f;
  }

  /** A token the IdP signs for alice@example.org. */
  String goodToken() {
    return idp.token(java.util.Map.of("upn", "alice@example.org"));
  }

  static long refreshThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(DiscoveryJwkSource.REFRESH_THREAD))
        .count();
  }
}
