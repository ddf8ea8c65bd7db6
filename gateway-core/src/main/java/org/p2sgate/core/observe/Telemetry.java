package org.p2sgate.core.observe;

/**
 * What the protocol tells the metrics about, beside the drop counters and the session listener:
 * handshakes, logins and renegotiations as they happen, and the sessions each transport and login
 * policy holds. Called on the gateway's event loop; implementations must be cheap and never block.
 * Durations come in as milliseconds the caller measured on its injected time.
 */
public interface Telemetry {
  /** Does nothing. */
  Telemetry NONE = new Telemetry() {};

  /** How a key exchange ended (TLS and key method 2). */
  enum Handshake {
    OK,
    TLS_ERROR,
    TIMEOUT
  }

  /** How a login ended. */
  enum Login {
    ACCEPTED,
    REJECTED,
    CHALLENGED,
    UNAVAILABLE
  }

  /** A key exchange ended, {@code millis} after its first packet. */
  default void handshake(Handshake result, long millis) {}

  /** A login by {@code method} (a policy such as certificate+radius, or auth-token) ended. */
  default void login(String method, Login result, long millis) {}

  /** A renegotiation completed (new data keys installed). */
  default void renegotiated() {}

  /**
   * Changed learned routes reached a client: {@code how} is {@code update} (a PUSH_UPDATE) or
   * {@code reconnect} (told to reconnect for them).
   */
  default void routesPushed(String how) {}

  /** A session was admitted ({@code delta} 1) or an admitted one ended ({@code delta} -1). */
  default void sessions(String transport, String method, int delta) {}
}
