package org.p2sgate.auth.entra;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Exponential backoff after failed fetches from the IdP: after the n-th failure in a row no new
 * attempt is allowed for {@code min(initial * 2^(n-1), max)} (1 s, 2 s, 4 s ... 60 s by default); a
 * success resets it. Timed by an injected {@link Clock}, so tests need not sleep.
 *
 * <p>Hand-written because Nimbus has nothing like it: {@code RetryingJWKSetSource} retries once at
 * once (a second request to an IdP that just failed), and {@code RateLimitedJWKSetSource} is a
 * fixed window (two requests per interval) that does not care whether the last fetch failed.
 *
 * <p>Thread-safe; the monitor guards a few fields only and is never held during I/O.
 */
final class Backoff {
  static final Duration INITIAL = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofSeconds(60);

  private final Clock clock;
  private final Duration initial;
  private final Duration max;
  private int failures;
  private Instant notBefore;

  Backoff(Clock clock) {
    this(clock, INITIAL, MAX);
  }

  Backoff(Clock clock, Duration initial, Duration max) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max");
    }
    this.initial = initial;
    this.max = max;
  }

  /** How long until the next attempt is allowed; zero if it is allowed now. */
  synchronized Duration remaining() {
    if (notBefore == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), notBefore);
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** Records a failed attempt made now; returns the wait before the next one. */
  synchronized Duration failed() {
    failures = Math.min(failures + 1, 31);
    Duration wait = delay(failures);
    notBefore = clock.instant().plus(wait);
    return wait;
  }

  synchronized void succeeded() {
    failures = 0;
    notBefore = null;
  }

  /** Whether the last attempt failed. */
  synchronized boolean failing() {
    return failures > 0;
  }

  /** The wait after the n-th failure in a row (n >= 1). */
  Duration delay(int n) {
    Duration d = initial;
    for (int i = 1; i < n && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }
}
