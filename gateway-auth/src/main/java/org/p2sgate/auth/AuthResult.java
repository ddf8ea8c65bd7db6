package org.p2sgate.auth;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The outcome of one authentication. */
public sealed interface AuthResult {

  /**
   * The user is who they claim.
   *
   * @param identity the name the gateway logs and binds the session to (CN, UPN, RADIUS user)
   * @param attributes what the method learned: e.g. {@code Framed-IP-Address}, {@code Class}, token
   *     claims; never secrets
   * @param groups what the method learned of the user's groups, as {@link GroupFacts} ({@code
   *     radius-class:eng}, {@code claim-groups:OBJECT-ID}): the gateway's access groups match them
   */
  record Accepted(String identity, Map<String, String> attributes, Set<String> groups)
      implements AuthResult {
    public Accepted {
      Objects.requireNonNull(identity, "identity");
      attributes = Map.copyOf(attributes);
      groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
    }

    /** Accepted without group facts. */
    public Accepted(String identity, Map<String, String> attributes) {
      this(identity, attributes, Set.of());
    }
  }

  /**
   * The user is not accepted.
   *
   * @param reason for the operator's log (never contains a password or token)
   * @param clientMessage what the client may be told after AUTH_FAILED, or {@code null}
   * @param method the configured method that refused (for the log), or {@code null} if not known
   */
  record Rejected(String reason, String clientMessage, String method) implements AuthResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }

    public Rejected(String reason, String clientMessage) {
      this(reason, clientMessage, null);
    }

    public Rejected(String reason) {
      this(reason, null, null);
    }

    /** This refusal attributed to {@code name}, unless it already names its method. */
    public Rejected by(String name) {
      return method != null ? this : new Rejected(reason, clientMessage, name);
    }
  }

  /**
   * More is needed from the user: an OTP code or similar (RADIUS Access-Challenge). The client is
   * asked through OpenVPN's dynamic challenge (CRV1) and answers on its next attempt.
   *
   * @param state opaque state to send back with the answer
   * @param prompt the text shown to the user
   * @param echo whether the answer may be echoed while typed
   */
  record Challenge(String state, String prompt, boolean echo) implements AuthResult {}

  /**
   * The login goes on out of band, in the user's browser: the client is told to open {@code url}
   * (OpenVPN's AUTH_PENDING with INFO_PRE WEB_AUTH) and the session waits for {@code outcome}, the
   * login's real result, at most {@code timeout}. A session that ends first cancels {@code
   * outcome}, which frees whatever the method holds for it.
   *
   * @param url what the user opens; a one-time capability, so {@link #toString()} hides it
   * @param timeout how long the user has to sign in
   * @param outcome completes with {@code Accepted}, {@code Rejected} or {@code Unavailable}
   */
  record Pending(
      String url,
      java.time.Duration timeout,
      java.util.concurrent.CompletionStage<AuthResult> outcome)
      implements AuthResult {
    public Pending {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(outcome, "outcome");
    }

    @Override
    public String toString() {
      return "Pending[url=<hidden>, timeout=" + timeout + "]";
    }
  }

  /**
   * No decision could be made (a server did not answer, keys could not be fetched).
   *
   * @param cause for the operator's log
   * @param method the configured method that could not decide, or {@code null} if not known
   */
  record Unavailable(String cause, String method) implements AuthResult {
    public Unavailable(String cause) {
      this(cause, null);
    }

    /** This outcome attributed to {@code name}, unless it already names its method. */
    public Unavailable by(String name) {
      return method != null ? this : new Unavailable(cause, name);
    }
  }
}
