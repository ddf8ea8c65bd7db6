package org.p2sgate.core.server;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.p2sgate.auth.AuthMethods;
import org.p2sgate.auth.AuthPolicy;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.TimeoutAuthenticator;
import org.p2sgate.auth.entra.EntraTokenAuthenticator;
import org.p2sgate.auth.radius.RadiusAuthenticator;
import org.p2sgate.auth.token.AuthTokens;
import org.p2sgate.core.config.AuthSettings;
import org.p2sgate.core.session.GatewayContext;

/**
 * Builds the gateway's {@link Authenticator} from its settings: the configured methods by name, the
 * policy validated against them, composed in order and bounded by the timeout. Blocking checks
 * (RADIUS round trips, key fetches) run on virtual threads, never on the event loop.
 */
final class Authentication {
  private static final Executor BLOCKING = Executors.newVirtualThreadPerTaskExecutor();
  private static final ScheduledExecutorService TIMERS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "p2sgate-auth-timer");
            t.setDaemon(true);
            return t;
          });

  private Authentication() {}

  /** Who hears about sessions: RADIUS accounting when it is configured. */
  static org.p2sgate.core.observe.SessionListener listener(AuthSettings settings) {
    return settings.radius() != null && settings.radius().accounting()
        ? new RadiusAccountingListener(settings.radius(), BLOCKING)
        : org.p2sgate.core.observe.SessionListener.NONE;
  }

  /** The session tokens of the settings, or {@code null} when {@code auth.token} is not set. */
  static AuthTokens tokens(AuthSettings settings) {
    return settings.token() == null
        ? null
        : new AuthTokens(
            settings.token().secret(), settings.token().lifetime(), java.time.Clock.systemUTC());
  }

  /**
   * A password that is one of our session tokens is checked here, without asking the policy's
   * methods again (the certificate was still checked in TLS); anything else goes to the policy.
   */
  static Authenticator withTokens(Authenticator policy, AuthTokens tokens) {
    if (tokens == null) {
      return policy;
    }
    return (credentials, context) -> {
      if (!AuthTokens.isToken(credentials.password())) {
        return policy.authenticate(credentials, context);
      }
      return java.util.concurrent.CompletableFuture.completedFuture(
          tokens
              .verify(credentials.username(), credentials.password())
              .<org.p2sgate.auth.AuthResult>map(
                  c ->
                      new org.p2sgate.auth.AuthResult.Accepted(
                          c.user(), java.util.Map.of("auth", "token")))
              .orElseGet(
                  () ->
                      new org.p2sgate.auth.AuthResult.Rejected(
                          "invalid or expired auth-token", null, "auth-token")));
    };
  }

  /**
   * Whether the TLS handshake asks for a client certificate: only when the policy names the {@code
   * certificate} method. A policy of {@code radius} or {@code entra} alone lets clients without a
   * certificate in, as a cloud gateway's RADIUS and Entra ID profiles carry none.
   */
  static boolean needsCertificate(AuthSettings settings) {
    try {
      return AuthPolicy.parse("default", settings.policy()).methods().contains("certificate");
    } catch (IllegalArgumentException e) {
      return true; // build() reports the bad policy
    }
  }

  static Authenticator build(AuthSettings settings) throws StartupException {
    Authenticator certificate = GatewayContext.certificateOnly(settings.certificateIdentity());
    if (settings.policy().equals("certificate")
        && settings.radius() == null
        && settings.entra() == null) {
      return certificate;
    }
    AuthMethods.Builder methods = AuthMethods.builder();
    methods.add("certificate", certificate);
    if (settings.radius() != null) {
      methods.add("radius", new RadiusAuthenticator(settings.radius(), BLOCKING));
    }
    if (settings.entra() != null) {
      methods.add("entra", new EntraTokenAuthenticator(settings.entra(), BLOCKING));
    }
    AuthMethods registry = methods.build();
    try {
      AuthPolicy policy = AuthPolicy.parse("default", settings.policy());
      policy.validate(registry);
      return new TimeoutAuthenticator(policy.compose(registry), settings.timeout(), TIMERS);
    } catch (IllegalArgumentException e) {
      throw new StartupException("auth: " + e.getMessage());
    }
  }
}
