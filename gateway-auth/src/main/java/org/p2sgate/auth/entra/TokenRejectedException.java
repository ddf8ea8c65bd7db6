package org.p2sgate.auth.entra;

import com.nimbusds.jwt.proc.BadJWTException;

/**
 * A token check failed for a reason the operator may read: a short, deterministic string that never
 * holds the token. A {@link BadJWTException}, so Nimbus' {@code DefaultJWTProcessor} passes it
 * through unchanged.
 */
final class TokenRejectedException extends BadJWTException {
  private static final long serialVersionUID = 1L;

  TokenRejectedException(String reason) {
    super(reason);
  }

  String reason() {
    return getMessage();
  }
}
