package org.p2sgate.core.session;

/**
 * Where a session's login stands (the reference's {@code ks->authenticated} of the session's first
 * key). Only an {@link #ADMITTED} session moves data, renegotiates or holds an address: until then
 * every data packet is dropped and counted, and a SOFT_RESET is refused, so that nothing the login
 * waits on can be replaced under it.
 */
enum Login {
  /** TLS and key method 2 under way: no credentials seen yet. */
  HANDSHAKE,
  /** The authenticator has the credentials; its answer has not come back. */
  PENDING,
  /** Accepted and given an address and peer-id. */
  ADMITTED,
  /** Refused (AUTH_FAILED sent, or a challenge): the session only lingers to deliver that. */
  REFUSED
}
