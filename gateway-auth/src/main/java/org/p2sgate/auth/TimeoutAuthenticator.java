package org.p2sgate.auth;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds another authenticator's time: if it has not completed after the timeout, the result is
 * {@link AuthResult.Unavailable} "timed out after Ns" (the session must not wait forever for a
 * RADIUS server or an IdP). A later answer from the delegate is ignored. A delegate that throws or
 * fails also yields {@code Unavailable}, naming the exception's type only. The timer runs on the
 * given scheduler, so tests can pass one they control.
 */
public final class TimeoutAuthenticator implements Authenticator {
  private final Authenticator delegate;
  private final Duration timeout;
  private final ScheduledExecutorService scheduler;
  private final String message;

  public TimeoutAuthenticator(
      Authenticator delegate, Duration timeout, ScheduledExecutorService scheduler) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
    this.message = "timed out after " + describe(timeout);
  }

  /** "30s" for whole seconds, else "1500ms". */
  static String describe(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    CompletableFuture<AuthResult> out = new CompletableFuture<>();
    ScheduledFuture<?> timer =
        scheduler.schedule(
            () -> out.complete(new AuthResult.Unavailable(message)),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    CompletionStage<AuthResult> stage;
    try {
      stage = delegate.authenticate(credentials, context);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    if (stage == null) {
      stage = CompletableFuture.completedFuture(null);
    }
    stage.whenComplete(
        (result, error) -> {
          timer.cancel(false);
          if (error != null) {
            out.complete(failed(error));
          } else if (result == null) {
            out.complete(new AuthResult.Unavailable("authenticator returned no result"));
          } else {
            out.complete(result);
          }
        });
    return out;
  }

  /** The exception's type only: library messages may quote what the client sent. */
  private static AuthResult failed(Throwable error) {
    Throwable t = error;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return new AuthResult.Unavailable("authenticator failed: " + t.getClass().getSimpleName());
  }

  public Duration timeout() {
    return timeout;
  }

  @Override
  public String toString() {
    return "TimeoutAuthenticator[" + describe(timeout) + ", " + delegate + "]";
  }
}
