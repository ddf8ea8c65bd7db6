package org.p2sgate.core.session;

import java.util.Map;
import java.util.Set;
import org.p2sgate.core.config.AccessPolicy;
import org.p2sgate.core.config.ClientConfig;

/**
 * What a successful login established, made once when authentication accepts and set on the session
 * once the table admits it ({@link ClientSession#login()}); {@link #NONE} until then. Nothing in it
 * changes afterwards: a renegotiation proves the same login again, it does not make a new one.
 *
 * <p>{@link #authToken} is a secret: {@link #toString} leaves it out, so a record that reaches a
 * log line carries no secret.
 *
 * @param identity who authentication says the user is (CN, RADIUS user, UPN); {@code null} in
 *     {@link #NONE}
 * @param method how the login went in, for metrics and the admin API: the accepting policy, or
 *     {@code auth-token}
 * @param attributes what authentication learned (Framed-IP-Address, Class, claims); never secrets
 * @param groupFacts the login's group facts ({@code radius-class:eng}, {@code cert-ou:Engineering})
 * @param access what the facts' access groups grant (routes pushed, destinations allowed)
 * @param clientConfig the client's client-config-dir file, read at login
 * @param tokenSession the session an auth-token issued here continues, or that the token this login
 *     used continues; {@code null} without auth-tokens. One live session per token session
 * @param authToken the session token pushed with the options (secret), or {@code null}
 * @param establishedAt when the login admitted the session, or -1 in {@link #NONE}
 */
record LoginRecord(
    String identity,
    String method,
    Map<String, String> attributes,
    Set<String> groupFacts,
    AccessPolicy.Grant access,
    ClientConfig clientConfig,
    String tokenSession,
    String authToken,
    long establishedAt) {

  /**
   * No login yet: everything is granted (nothing flows before the login anyway) and nothing is
   * known.
   */
  static final LoginRecord NONE =
      new LoginRecord(
          null,
          "-",
          Map.of(),
          Set.of(),
          AccessPolicy.Grant.OPEN,
          ClientConfig.NONE,
          null,
          null,
          -1);

  LoginRecord {
    attributes = Map.copyOf(attributes);
    groupFacts = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(groupFacts));
  }

  /** Whether this is a real login, not {@link #NONE}. */
  boolean established() {
    return establishedAt >= 0;
  }

  /**
   * The same login with other group facts and the grant they make (a login by auth-token that
   * continues the facts of the session its token came from).
   */
  LoginRecord withFacts(Set<String> facts, AccessPolicy.Grant grant) {
    return new LoginRecord(
        identity,
        method,
        attributes,
        facts,
        grant,
        clientConfig,
        tokenSession,
        authToken,
        establishedAt);
  }

  @Override
  public String toString() {
    return "LoginRecord[identity="
        + identity
        + ", method="
        + method
        + ", groups="
        + access.groups()
        + ", tokenSession="
        + tokenSession
        + ", authToken="
        + (authToken == null ? "none" : "<redacted>")
        + ", establishedAt="
        + establishedAt
        + "]";
  }
}
