package org.p2sgate.auth.sso;

import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.p2sgate.auth.AuthResult;

/**
 * The browser sign-ins under way, bounded. Each passes two one-time steps: its start token (the
 * {@code s} of the link the client shows) is spent when the browser opens the link, which draws the
 * login's {@code state}, {@code nonce} and PKCE verifier; its {@code state} is spent when the
 * provider sends the browser back. A replayed link or callback finds nothing. Entries expire with
 * their timeout; a full table first drops expired entries, then refuses new ones, so a flood of
 * logins holds at most {@code max} entries. An entry leaves the table as soon as its outcome
 * completes, also when the session that waits for it cancels it.
 *
 * <p>Thread safe: the login threads open entries, the HTTPS listener's threads spend them.
 */
final class PendingLogins {

  /** One sign-in. The fields set by {@link #start} are read only by the thread that spent it. */
  static final class Login {
    final String sessionId;
    final String source;
    private final String token;
    final long expiresAt;
    final CompletableFuture<AuthResult> outcome = new CompletableFuture<>();
    State state;
    Nonce nonce;
    CodeVerifier verifier;

    private Login(String token, String sessionId, String source, long expiresAt) {
      this.token = token;
      this.sessionId = sessionId;
      this.source = source;
      this.expiresAt = expiresAt;
    }

    @Override
    public String toString() {
      return "Login[session=" + sessionId + "]"; // never the state, nonce or verifier
    }
  }

  private final Map<String, Login> byToken = new HashMap<>();
  private final Map<String, Login> byState = new HashMap<>();
  private final int max;
  private final Clock clock;

  PendingLogins(int max, Clock clock) {
    this.max = max;
    this.clock = clock;
  }

  /**
   * A new sign-in for session {@code sessionId}; its start token is the map key returned with it.
   *
   * @return the token and the login, or {@code null} when the table is full
   */
  synchronized Map.Entry<String, Login> open(String sessionId, String source, Duration timeout) {
    long now = clock.millis();
    if (size() >= max) {
      purge(now);
      if (size() >= max) {
        return null;
      }
    }
    String token = new State().getValue(); // 256 random bits, base64url
    Login login = new Login(token, sessionId, source, now + timeout.toMillis());
    byToken.put(token, login);
    login.outcome.whenComplete((r, e) -> forget(login));
    return Map.entry(token, login);
  }

  /**
   * Spends start token {@code token}: the login gets its state, nonce and verifier.
   *
   * @return the login, or {@code null} for an unknown, spent or expired token
   */
  synchronized Login start(String token) {
    Login login = token == null ? null : byToken.remove(token);
    if (login == null || expired(login, clock.millis())) {
      return null;
    }
    login.state = new State();
    login.nonce = new Nonce();
    login.verifier = new CodeVerifier();
    byState.put(login.state.getValue(), login);
    return login;
  }

  /**
   * Spends {@code state}, as the provider returned it.
   *
   * @return the login, or {@code null} for an unknown, spent or expired state
   */
  synchronized Login finish(String state) {
    Login login = state == null ? null : byState.remove(state);
    if (login == null || expired(login, clock.millis())) {
      return null;
    }
    return login;
  }

  synchronized int size() {
    return byToken.size() + byState.size();
  }

  private boolean expired(Login login, long now) {
    if (now < login.expiresAt) {
      return false;
    }
    login.outcome.complete(new AuthResult.Rejected("browser sign-in timed out"));
    return true;
  }

  private void purge(long now) {
    for (Map<String, Login> m : java.util.List.of(byToken, byState)) {
      for (Iterator<Login> it = m.values().iterator(); it.hasNext(); ) {
        Login l = it.next();
        if (now >= l.expiresAt) {
          it.remove();
          l.outcome.complete(new AuthResult.Rejected("browser sign-in timed out"));
        }
      }
    }
  }

  private synchronized void forget(Login login) {
    byToken.remove(login.token, login);
    if (login.state != null) {
      byState.remove(login.state.getValue(), login);
    }
  }
}
