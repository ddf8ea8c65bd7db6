package org.p2sgate.core.session;

/**
 * Where a session stands, from the client's first packet to the end. Only an {@link #ESTABLISHED}
 * session moves data, renegotiates or holds an address (the reference's {@code ks->authenticated}
 * of the session's first key): before, every data packet is dropped and counted and a SOFT_RESET is
 * refused, so that nothing the login waits on can be replaced under it.
 *
 * <p>Every change goes through {@link #to}, which refuses those the protocol has no path for.
 * Closing is not a state of its own: a session told to go (AUTH_FAILED, RESTART, HALT, an EXIT
 * received) lingers a moment in whatever state it is in, an established one still moving data,
 * until its close is due ({@link ClientSession#isClosing}).
 */
enum SessionState {
  /** TLS and key method 2 under way: no credentials seen yet. */
  HANDSHAKING,
  /** The authenticator has the credentials (or the user signs in in a browser); no answer yet. */
  AUTHENTICATING,
  /** Accepted and admitted: it has its login record, an address and a peer-id. */
  ESTABLISHED,
  /**
   * Refused (AUTH_FAILED or a challenge sent, at the login or a renegotiation): the session only
   * lingers to deliver that.
   */
  REFUSED,
  /** Ended: keys zeroed, address and peer-id released. Nothing follows. */
  CLOSED;

  /** Whether the protocol has a path from this state to {@code next}. */
  boolean canMoveTo(SessionState next) {
    return switch (this) {
      case HANDSHAKING -> next == AUTHENTICATING || next == REFUSED || next == CLOSED;
      case AUTHENTICATING -> next == ESTABLISHED || next == REFUSED || next == CLOSED;
      case ESTABLISHED -> next == REFUSED || next == CLOSED; // a renegotiation refused
      case REFUSED -> next == CLOSED;
      case CLOSED -> false;
    };
  }

  /**
   * {@code next}, if the protocol has a path there.
   *
   * @throws IllegalStateException if it has none (a bug of ours: the session is then closed as an
   *     internal error)
   */
  SessionState to(SessionState next) {
    if (!canMoveTo(next)) {
      throw new IllegalStateException("no session state change from " + this + " to " + next);
    }
    return next;
  }
}
