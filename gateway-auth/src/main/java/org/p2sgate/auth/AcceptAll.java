package org.p2sgate.auth;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Accepts everyone, naming them by the username they gave. For tests and for a policy whose only
 * check is the TLS handshake itself. Anchor: SSHD {@code AcceptAllPasswordAuthenticator.INSTANCE}.
 */
public enum AcceptAll implements Authenticator {
  INSTANCE;

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    return CompletableFuture.completedFuture(
        new AuthResult.Accepted(credentials.username(), Map.of()));
  }
}
