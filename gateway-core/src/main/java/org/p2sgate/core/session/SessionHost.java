package org.p2sgate.core.session;

import org.p2sgate.core.observe.CloseCause;

/** What a session needs from the table that owns it. */
interface SessionHost {
  /**
   * Admits a session whose login authentication accepted: assigns its tunnel address and peer-id,
   * applies duplicate-cn and max-clients, and sets {@code login} (or what it becomes, see {@link
   * AccessGrants#continueFrom}) on the session. When a session the login replaces belongs to
   * another table, that table ends it and then runs {@code retry} (which hands the login back), and
   * the answer is {@link Admission#DEFERRED}.
   */
  Admission admit(ClientSession session, LoginRecord login, Runnable retry);

  /**
   * An authentication of {@code session} finished, possibly on another thread: the result goes to
   * the owner, which hands it back on its own thread to {@link SessionManager#complete}.
   */
  void authFinished(
      ClientSession session,
      org.p2sgate.auth.AuthResult result,
      org.p2sgate.core.config.ClientConfig config);

  /** Who reads client-config-dir files. */
  ClientConfigReader clientConfigs();

  /**
   * Runs {@code job} on a TLS worker if the table has them: the job then owns {@code key}'s TLS
   * driver until {@link ClientSession#onTlsDone} hands it back on the owner's thread.
   *
   * @return false if there are no workers: the caller runs the job itself, now
   */
  boolean offloadTls(ClientSession session, KeyState key, TlsJob job);

  /** The session ended; release everything it held. */
  void closed(ClientSession session, CloseCause cause, String detail);

  /** The learned routes pushed to clients now, as {@code route} options (empty without). */
  java.util.List<String> learnedRoutes();

  /** The session that owns tunnel address {@code address}, or {@code null}. */
  ClientSession byTunnelAddress(int address);

  /**
   * The admitted session whose IPv6 tunnel address is at {@code buf[off, off+16)} (the caller has
   * checked the 16 bytes are there), or {@code null}.
   */
  ClientSession byTunnelAddress6(byte[] buf, int off);
}
