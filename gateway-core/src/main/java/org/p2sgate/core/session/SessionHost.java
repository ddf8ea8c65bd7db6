package org.p2sgate.core.session;

import org.p2sgate.core.observe.CloseCause;

/** What a session needs from the table that owns it. */
interface SessionHost {
  /**
   * Admits a session that finished its first key exchange: assigns its tunnel address and peer-id,
   * applies duplicate-cn and max-clients.
   *
   * @return {@code null} when admitted, else the reason for refusing it
   */
  String admit(ClientSession session);

  /**
   * An authentication of {@code session} finished, possibly on another thread: the result is queued
   * and handled on the owner's thread by {@link SessionManager#drainAuthResults}.
   */
  void authFinished(ClientSession session, org.p2sgate.auth.AuthResult result);

  /** The session ended; release everything it held. */
  void closed(ClientSession session, CloseCause cause, String detail);

  /** The session that owns tunnel address {@code address}, or {@code null}. */
  ClientSession byTunnelAddress(int address);
}
