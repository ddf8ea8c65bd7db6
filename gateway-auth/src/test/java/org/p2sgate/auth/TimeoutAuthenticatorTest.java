package org.p2sgate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutAuthenticatorTest {
  static final Credentials CREDS = ChainedAuthenticatorTest.CREDS;
  static final AuthContext CTX = ChainedAuthenticatorTest.CTX;

  final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stop() throws InterruptedException {
    scheduler.shutdownNow();
    assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS));
  }

  @Test
  void aSlowMethodBecomesUnavailable() {
    CompletableFuture<AuthResult> never = new CompletableFuture<>();
    var auth = new TimeoutAuthenticator((c, ctx) -> never, Duration.ofMillis(50), scheduler);
    AuthResult r =
        auth.authenticate(CREDS, CTX).toCompletableFuture().orTimeout(5, TimeUnit.SECONDS).join();
    assertEquals(new AuthResult.Unavailable("timed out after 50ms"), r);
    never.complete(new AuthResult.Accepted("late", Map.of())); // ignored
  }

  @Test
  void theMessageGivesWholeSeconds() {
    CompletableFuture<AuthResult> never = new CompletableFuture<>();
    var auth = new TimeoutAuthenticator((c, ctx) -> never, Duration.ofSeconds(30), scheduler);
    var stage = auth.authenticate(CREDS, CTX).toCompletableFuture();
    assertFalse(stage.isDone());
    assertEquals(1, scheduler.getQueue().size());
    // run the timer now instead of waiting 30 s
    Runnable timer = scheduler.getQueue().peek();
    timer.run();
    assertEquals(new AuthResult.Unavailable("timed out after 30s"), stage.getNow(null));
  }

  @Test
  void aPromptAnswerPassesThroughAndCancelsTheTimer() {
    scheduler.setRemoveOnCancelPolicy(true);
    var auth = new TimeoutAuthenticator(AcceptAll.INSTANCE, Duration.ofSeconds(30), scheduler);
    AuthResult r = auth.authenticate(CREDS, CTX).toCompletableFuture().join();
    assertEquals(new AuthResult.Accepted("alice", Map.of()), r);
    assertEquals(0, scheduler.getQueue().size());
    var reject = new TimeoutAuthenticator(RejectAll.INSTANCE, Duration.ofSeconds(30), scheduler);
    assertEquals(
        new AuthResult.Rejected(RejectAll.REASON),
        reject.authenticate(CREDS, CTX).toCompletableFuture().join());
  }

  @Test
  void composesWithAPolicy() {
    CompletableFuture<AuthResult> never = new CompletableFuture<>();
    AuthMethods m =
        AuthMethods.builder()
            .add("certificate", AcceptAll.INSTANCE)
            .add(
                "radius",
                new TimeoutAuthenticator((c, ctx) -> never, Duration.ofMillis(20), scheduler))
            .build();
    AuthResult r =
        AuthPolicy.parse("p", "certificate+radius")
            .compose(m)
            .authenticate(CREDS, CTX)
            .toCompletableFuture()
            .orTimeout(5, TimeUnit.SECONDS)
            .join();
    assertEquals(new AuthResult.Unavailable("timed out after 20ms", "radius"), r);
  }

  @Test
  void aFailingDelegateIsUnavailableWithoutItsMessage() {
    var throwing =
        new TimeoutAuthenticator(
            (c, ctx) -> {
              throw new IllegalStateException("echo " + c.password());
            },
            Duration.ofSeconds(30),
            scheduler);
    var failing =
        new TimeoutAuthenticator(
            (c, ctx) -> CompletableFuture.failedFuture(new java.io.IOException(c.password())),
            Duration.ofSeconds(30),
            scheduler);
    assertEquals(
        new AuthResult.Unavailable("authenticator failed: IllegalStateException"),
        throwing.authenticate(CREDS, CTX).toCompletableFuture().join());
    assertEquals(
        new AuthResult.Unavailable("authenticator failed: IOException"),
        failing.authenticate(CREDS, CTX).toCompletableFuture().join());
  }

  @Test
  void refusesANonPositiveTimeout() {
    for (Duration d : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
      assertThrows(
          IllegalArgumentException.class,
          () -> new TimeoutAuthenticator(AcceptAll.INSTANCE, d, scheduler));
    }
  }
}
