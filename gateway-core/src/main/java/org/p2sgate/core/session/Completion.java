package org.p2sgate.core.session;

import org.p2sgate.auth.AuthResult;

/**
 * Work on a session that finished on another thread: a login, or a TLS job. The session table hands
 * it, on the thread that finished it, to the consumer its owner gave ({@link
 * SessionManager#onCompletion}); the owner passes it back to {@link SessionManager#complete} on its
 * own thread. The table itself holds no queue and no lock.
 */
public sealed interface Completion {
  ClientSession session();

  /**
   * An authentication of {@code session} finished; an accepted one comes with the client's
   * client-config-dir file ({@link org.p2sgate.core.config.ClientConfig#NONE} without one).
   */
  record Login(
      ClientSession session, AuthResult result, org.p2sgate.core.config.ClientConfig config)
      implements Completion {}

  /** A TLS job of {@code session}'s key state finished; the driver is the owner's again. */
  record Tls(ClientSession session, KeyState key, TlsJob job) implements Completion {}
}
