package org.p2sgate.core.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import org.p2sgate.auth.AuthMethods;
import org.p2sgate.auth.AuthPolicy;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.BackendObserver;
import org.p2sgate.auth.Credentials;
import org.p2sgate.auth.PolicyChoice;
import org.p2sgate.auth.TimeoutAuthenticator;
import org.p2sgate.auth.entra.EntraTokenAuthenticator;
import org.p2sgate.auth.radius.RadiusAuthenticator;
import org.p2sgate.auth.token.AuthTokens;
import org.p2sgate.core.config.AuthSettings;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.tls.ClientCertMode;

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
  static org.p2sgate.core.observe.SessionListener listener(
      AuthSettings settings, BackendObserver observer) {
    return settings.radius() != null && settings.radius().accounting()
        ? new RadiusAccountingListener(settings.radius(), BLOCKING, observer)
        : org.p2sgate.core.observe.SessionListener.NONE;
  }

  /**
   * Availability of the back ends the settings use, for readiness: RADIUS may go unanswered for
   * {@code grace}, the IdP for its key cache's outage tolerance.
   */
  static org.p2sgate.core.observe.BackendHealth health(
      AuthSettings settings, java.time.Duration grace) {
    java.util.Map<String, java.time.Duration> tolerance = new java.util.HashMap<>();
    if (settings.entra() != null) {
      tolerance.put("entra", settings.entra().jwksOutageTolerance());
    }
    return new org.p2sgate.core.observe.BackendHealth(tolerance, grace, System::currentTimeMillis);
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
   * methods again; anything else goes to the policy. The token stands in for the password or IdP
   * token only: the client must still present what some policy needs besides (a certificate where
   * the policy names one; the certificate itself was checked in TLS). The session it opens lasts
   * until the token expires (as a Session-Timeout), then a full login is due.
   */
  static Authenticator withTokens(
      Authenticator policy, AuthTokens tokens, Predicate<Credentials> fitsAPolicy) {
    if (tokens == null) {
      return policy;
    }
    return (credentials, context) -> {
      if (!AuthTokens.isToken(credentials.password())) {
        return policy.authenticate(credentials, context);
      }
      AuthResult result;
      if (!fitsAPolicy.test(credentials)) {
        result =
            new AuthResult.Rejected(
                "an auth-token without what the policy needs besides (a certificate?)",
                null,
                "auth-token");
      } else {
        result =
            tokens
                .verify(credentials.username(), credentials.password())
                .<AuthResult>map(
                    c ->
                        new AuthResult.Accepted(
                            c.identity(),
                            Map.of(
                                "auth",
                                "token",
                                AuthTokens.SESSION_ATTRIBUTE,
                                c.sessionId(),
                                "Session-Timeout",
                                Long.toString(tokens.secondsLeft(c)))))
                .orElseGet(
                    () ->
                        new AuthResult.Rejected(
                            "invalid or expired auth-token", null, "auth-token"));
      }
      return CompletableFuture.completedFuture(result);
    };
  }

  /** Whether credentials fit at least one of the configured policies (see {@link #fits}). */
  static Predicate<Credentials> fitsAnyPolicy(AuthSettings settings) {
    List<Predicate<Credentials>> each = new ArrayList<>();
    for (AuthPolicy p : policies(settings)) {
      each.add(fits(p));
    }
    return c -> each.stream().anyMatch(f -> f.test(c));
  }

  /**
   * The policies of {@code auth.policy}: one spec, or several separated by commas, tried in order
   * (see {@link PolicyChoice}).
   */
  static List<AuthPolicy> policies(AuthSettings settings) {
    List<AuthPolicy> out = new ArrayList<>();
    String[] specs = settings.policy().split(",", -1);
    for (String spec : specs) {
      String s = spec.strip();
      out.add(AuthPolicy.parse(specs.length == 1 ? "default" : s, s));
    }
    return out;
  }

  /**
   * Whether the TLS handshake asks for a client certificate: required when every policy names the
   * {@code certificate} method, not asked when none does (a cloud gateway's RADIUS and Entra ID
   * profiles carry no certificate), optional in between.
   */
  static ClientCertMode certificateMode(AuthSettings settings) {
    try {
      List<AuthPolicy> all = policies(settings);
      long with = all.stream().filter(p -> p.methods().contains("certificate")).count();
      return with == all.size()
          ? ClientCertMode.REQUIRED
          : with == 0 ? ClientCertMode.NONE : ClientCertMode.OPTIONAL;
    } catch (IllegalArgumentException e) {
      return ClientCertMode.REQUIRED; // build() reports the bad policy
    }
  }

  /** Whether a client's credentials have what every method of {@code policy} needs. */
  static Predicate<Credentials> fits(AuthPolicy policy) {
    return c ->
        policy.methods().stream()
            .allMatch(
                m ->
                    switch (m) {
                      case "certificate" -> !c.certificateChain().isEmpty();
                      case "entra" ->
                          EntraTokenAuthenticator.USERNAME.equalsIgnoreCase(c.username());
                      case "radius" ->
                          !c.username().isEmpty()
                              && !EntraTokenAuthenticator.USERNAME.equalsIgnoreCase(c.username());
                      default -> true;
                    });
  }

  static Authenticator build(AuthSettings settings) throws StartupException {
    return build(settings, BackendObserver.NONE, null);
  }

  /**
   * As {@link #build(AuthSettings)}; {@code observer} hears of every back-end request; {@code
   * browserSignIn} is the {@code sso} method (it outlives reloads: its sign-ins under way with it),
   * or {@code null}.
   */
  static Authenticator build(
      AuthSettings settings,
      BackendObserver observer,
      org.p2sgate.auth.sso.BrowserSignIn browserSignIn)
      throws StartupException {
    Authenticator certificate = GatewayContext.certificateOnly(settings.certificateIdentity());
    if (settings.policy().equals("certificate")
        && settings.radius() == null
        && settings.entra() == null
        && browserSignIn == null) {
      return certificate;
    }
    AuthMethods.Builder methods = AuthMethods.builder();
    methods.add("certificate", certificate);
    if (settings.radius() != null) {
      methods.add("radius", new RadiusAuthenticator(settings.radius(), BLOCKING, observer));
    }
    if (settings.entra() != null) {
      methods.add(
          "entra",
          new EntraTokenAuthenticator(
              settings.entra(), BLOCKING, java.time.Clock.systemUTC(), observer));
    }
    if (browserSignIn != null) {
      methods.add("sso", browserSignIn);
    }
    AuthMethods registry = methods.build();
    try {
      List<AuthPolicy> policies = policies(settings);
      Authenticator composed;
      if (policies.size() == 1) {
        composed = policies.get(0).compose(registry);
      } else {
        List<PolicyChoice.Option> options = new ArrayList<>();
        for (AuthPolicy p : policies) {
          options.add(new PolicyChoice.Option(p, fits(p), p.compose(registry)));
        }
        composed = new PolicyChoice(options);
      }
      return new TimeoutAuthenticator(composed, settings.timeout(), TIMERS);
    } catch (IllegalArgumentException e) {
      throw new StartupException("auth: " + e.getMessage());
    }
  }
}
