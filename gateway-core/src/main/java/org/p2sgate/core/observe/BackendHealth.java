package org.p2sgate.core.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.p2sgate.auth.BackendObserver;

/**
 * Whether each authentication back end answers, judged from the requests logins make to it: a back
 * end is <em>unavailable</em> once every request to it has failed (timed out, or no usable answer)
 * for longer than its outage tolerance, and available again at its next answer. Any answer counts,
 * a refusal too: the server is there. RADIUS accounting is watched but never makes the gateway
 * unready, as logins do not need it.
 *
 * <p>Passive on purpose: no probe traffic of our own (RADIUS Status-Server is often not enabled,
 * and an IdP's key endpoint should not be polled faster than its cache). An idle gateway is ready.
 *
 * <p>Thread safe: back ends report on their own threads, the admin API asks on its own.
 */
public final class BackendHealth implements BackendObserver {
  /** Outcomes that are no answer. */
  private static final List<String> FAILURES = List.of("timeout", "error", "unavailable");

  /** The back ends whose outage does not stop logins. */
  private static final List<String> NOT_NEEDED_FOR_LOGIN = List.of("radius-accounting");

  private final Map<String, Duration> tolerance;
  private final Duration defaultTolerance;
  private final LongSupplier clockMs;
  private final Map<String, Long> failingSince = new ConcurrentHashMap<>();

  /**
   * @param tolerance per back end ({@code radius}, {@code entra}): how long it may fail before it
   *     counts as unavailable
   * @param defaultTolerance for the others
   * @param clockMs the time, in milliseconds
   */
  public BackendHealth(
      Map<String, Duration> tolerance, Duration defaultTolerance, LongSupplier clockMs) {
    this.tolerance = Map.copyOf(tolerance);
    this.defaultTolerance = defaultTolerance;
    this.clockMs = clockMs;
  }

  @Override
  public void request(String backend, String server, String outcome, long millis) {
    if (FAILURES.contains(outcome)) {
      failingSince.putIfAbsent(backend, clockMs.getAsLong() - millis);
    } else {
      failingSince.remove(backend);
    }
  }

  /**
   * The back ends logins need that are unavailable now, each as {@code "radius: no answer for 42
   * s"}; empty when all answer.
   */
  public List<String> unavailable() {
    long now = clockMs.getAsLong();
    List<String> out = new ArrayList<>();
    failingSince.forEach(
        (backend, since) -> {
          long failing = now - since;
          if (!NOT_NEEDED_FOR_LOGIN.contains(backend)
              && failing > tolerance.getOrDefault(backend, defaultTolerance).toMillis()) {
            out.add(backend + ": no answer for " + failing / 1000 + " s");
          }
        });
    out.sort(null);
    return out;
  }
}
