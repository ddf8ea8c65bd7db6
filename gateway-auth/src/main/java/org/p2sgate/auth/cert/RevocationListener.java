package org.p2sgate.auth.cert;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Predicate;

/**
 * Told after every successful (re)load of a {@link RevocationList}, so that the gateway can end the
 * live sessions whose certificate, or one of whose issuing CAs, has just been revoked.
 */
@FunctionalInterface
public interface RevocationListener {
  /**
   * @param isRevoked true for a client chain (leaf first, as the client sent it; the trusted root
   *     may be left out) that the new lists refuse; safe to call from any thread, and bound to the
   *     lists as they were at this reload
   */
  void revocationsReloaded(Predicate<List<X509Certificate>> isRevoked);
}
