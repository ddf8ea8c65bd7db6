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

  static long refreshThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals(DiscoveryJwkSource.REFRESH_THREAD))
        .count();
  }
}
