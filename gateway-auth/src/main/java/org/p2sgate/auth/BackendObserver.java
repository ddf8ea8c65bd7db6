package org.p2sgate.auth;

/**
 * Hears about every request an authentication method makes to a back end (a RADIUS server, an
 * identity provider), for metrics. Called on the method's own threads: implementations must be
 * thread safe and quick.
 */
@FunctionalInterface
public interface BackendObserver {
  /** Hears nothing. */
  BackendObserver NONE = (backend, server, outcome, millis) -> {};

  /**
   * @param backend what kind: {@code radius}, {@code radius-accounting}, {@code entra}
   * @param server which one, e.g. {@code 10.0.0.5:1812} or the IdP's host
   * @param outcome e.g. {@code access_accept}, {@code timeout}, {@code error}, {@code ok}
   * @param millis how long the request took
   */
  void request(String backend, String server, String outcome, long millis);

  /** Tells this observer, then {@code next}. */
  default BackendObserver andThen(BackendObserver next) {
    return (backend, server, outcome, millis) -> {
      request(backend, server, outcome, millis);
      next.request(backend, server, outcome, millis);
    };
  }
}
