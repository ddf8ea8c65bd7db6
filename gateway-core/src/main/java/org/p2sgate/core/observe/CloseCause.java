package org.p2sgate.core.observe;

import java.util.Locale;

/**
 * Why a session ended, as one fixed value: for RADIUS accounting (Acct-Terminate-Cause, RFC 2866
 * section 5.10), the {@code cause} field of the disconnect log event and the admin API. The
 * free-text detail that goes with it is for people only; nothing matches on it.
 */
public enum CloseCause {
  /** The client said goodbye: EXIT, explicit-exit-notify, closed its TCP connection, restarted. */
  CLIENT_EXIT(1),
  /** Nothing heard from the client for the ping-restart time. */
  IDLE_TIMEOUT(4),
  /** The authentication back end's Session-Timeout (or the token's lifetime) was reached. */
  SESSION_TIMEOUT(5),
  /** The operator ended it (admin API, management interface). */
  OPERATOR(6),
  /** Its certificate was revoked. */
  REVOKED(6),
  /** Another login with the same common name replaced it ({@code duplicate-cn} off). */
  DUPLICATE(6),
  /** The same client came back (a floating address, a re-login with its auth-token). */
  REPLACED(2),
  /** The gateway is stopping. */
  SHUTDOWN(7),
  /** The gateway is draining: the client was sent to the next server of its list. */
  DRAIN(7),
  /** The learned routes changed and the client was told to reconnect for them. */
  ROUTES_CHANGED(10),
  /** Authentication refused it (at login or at a renegotiation). */
  AUTH_FAILED(17),
  /** A challenge was sent; the client reconnects with its answer. */
  CHALLENGED(17),
  /** The TLS handshake or a key exchange failed or did not finish in time. */
  PROTOCOL_ERROR(2),
  /** A fault in the gateway itself. */
  INTERNAL_ERROR(9);

  private final int acctTerminateCause;

  CloseCause(int acctTerminateCause) {
    this.acctTerminateCause = acctTerminateCause;
  }

  /** The RADIUS Acct-Terminate-Cause value (1 User-Request, 6 Admin-Reset, ...). */
  public int acctTerminateCause() {
    return acctTerminateCause;
  }

  /** The lower-case name with dashes, as logs and the API show it ({@code client-exit}). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
