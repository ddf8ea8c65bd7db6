package org.p2sgate.auth;

import java.util.concurrent.CompletionStage;

/**
 * One way of proving who a remote user is: a client certificate, a RADIUS server, an Entra ID
 * token. Implementations never block the calling thread: slow checks complete the stage later, from
 * their own threads, and the session waits (OpenVPN's deferred authentication).
 *
 * <p>A check that could not reach a decision (server down, key set unavailable) completes with
 * {@link AuthResult.Unavailable}, not with {@link AuthResult.Rejected}, so that policies and logs
 * can tell "wrong password" from "could not ask" (house rule 10).
 */
@FunctionalInterface
public interface Authenticator {
  CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context);
}
