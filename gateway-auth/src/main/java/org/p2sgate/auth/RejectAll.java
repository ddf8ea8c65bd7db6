package org.p2sgate.auth;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Refuses everyone: a listener that is closed to logins, or a placeholder while testing. Anchor:
 * SSHD {@code RejectAllPasswordAuthenticator.INSTANCE}.
 */
public enum RejectAll implements Authenticator {
  INSTANCE;

  /** The reason every refusal carries. */
  public static final String REASON = "all logins refused (reject-all)";

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    return CompletableFuture.completedFuture(new AuthResult.Rejected(REASON));
  }
}
