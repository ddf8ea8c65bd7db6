package org.p2sgate.auth.entra;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.p2sgate.auth.AuthContext;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.Credentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts the Azure VPN client's login: username {@value #USERNAME} (any case) and an Entra ID
 * access token as the password.
 *
 * <p>Validation runs on the {@link Executor} given to the constructor, never on the caller's
 * thread. A token whose {@code kid} is cached is checked without any request or wait, also while
 * the IdP is down or slow; a login that needs a fetch makes it (one at a time) or waits for the one
 * in flight at most {@link EntraConfig#httpTimeout()}; after a failed fetch, fetches back off
 * exponentially (1 s ... 60 s) on the clock given to the constructor. See {@code
 * DiscoveryJwkSource} for the details. Outcomes:
 *
 * <ul>
 *   <li>{@link AuthResult.Accepted}: identity from the first of {@link
 *       EntraConfig#identityClaims()} present; attributes are allow-listed claims (oid, tid, upn,
 *       name, groups, roles...), never the token;
 *   <li>{@link AuthResult.Rejected}: a short fixed reason (see {@code Reasons}), e.g. "token
 *       expired", "wrong audience", "wrong tenant", "wrong issuer", "bad signature", "unknown
 *       signing key" (after one JWKS refresh), "algorithm not allowed: HS256", "missing required
 *       claims: [tid]", "not in a required group";
 *   <li>{@link AuthResult.Unavailable}: could not decide: the discovery document or the key set
 *       could not be fetched (or a fetch is backing off after a failure, or another login's fetch
 *       did not finish within the HTTP timeout) and no cached key matches the token's {@code kid}.
 * </ul>
 *
 * Close it to stop the key cache's refresh thread.
 */
public final class EntraTokenAuthenticator implements Authenticator, AutoCloseable {

  /** The username the Azure VPN client sends with a token. */
  public static final String USERNAME = "AzureAD";

  private static final Logger log = LoggerFactory.getLogger(EntraTokenAuthenticator.class);

  private static final Set<JWSAlgorithm> KNOWN_ALGORITHMS =
      Stream.concat(JWSAlgorithm.Family.SIGNATURE.stream(), JWSAlgorithm.Family.HMAC_SHA.stream())
          .collect(Collectors.toUnmodifiableSet());

  private final EntraConfig config;
  private final Executor executor;
  private final DiscoveryJwkSource keys;
  private final ClaimsCheck claimsCheck;
  private final DefaultJWTProcessor<SecurityContext> processor;

  public EntraTokenAuthenticator(EntraConfig config, Executor executor) {
    this(config, executor, Clock.systemUTC());
  }

  /**
   * @param clock the time tokens are checked against (exp, nbf, iat), and that times the backoff
   *     after failed key fetches
   */
  public EntraTokenAuthenticator(EntraConfig config, Executor executor, Clock clock) {
    this(config, executor, clock, org.p2sgate.auth.BackendObserver.NONE);
  }

  /** As above; {@code observer} hears of every request to the IdP (metrics). */
  public EntraTokenAuthenticator(
      EntraConfig config,
      Executor executor,
      Clock clock,
      org.p2sgate.auth.BackendObserver observer) {
    this.config = Objects.requireNonNull(config, "config");
    this.executor = Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(clock, "clock");
    this.keys = new DiscoveryJwkSource(config, clock, observer);
    this.claimsCheck = new ClaimsCheck(config, clock);
    this.processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
    DefaultJOSEObjectTypeVerifier<SecurityContext> types =
        new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null);
    processor.setJWSTypeVerifier(
        (type, context) -> {
          try {
            types.verify(type, context);
          } catch (BadJOSEException e) {
            throw new TokenRejectedException(Reasons.TYPE);
          }
        });
    processor.setJWTClaimsSetVerifier(claimsCheck);
  }

  public EntraConfig config() {
    return config;
  }

  @Override
  public CompletionStage<AuthResult> authenticate(Credentials credentials, AuthContext context) {
    if (!USERNAME
        .toLowerCase(Locale.ROOT)
        .equals(credentials.username().toLowerCase(Locale.ROOT))) {
      return CompletableFuture.completedFuture(new AuthResult.Rejected(Reasons.NOT_ENTRA));
    }
    String token = credentials.password();
    try {
      return CompletableFuture.supplyAsync(() -> validate(token), executor)
          .thenApply(result -> logged(result, context));
    } catch (RejectedExecutionException e) {
      return CompletableFuture.completedFuture(
          new AuthResult.Unavailable(Reasons.EXECUTOR_REJECTED));
    }
  }

  /**
   * Checks one token; may fetch keys (bounded by the HTTP timeout). Never throws, never puts the
   * token in a result.
   */
  AuthResult validate(String token) {
    if (token.isEmpty()) {
      return new AuthResult.Rejected(Reasons.EMPTY);
    }
    if (token.length() > config.maxTokenLength()) {
      return new AuthResult.Rejected(Reasons.TOO_LONG);
    }
    JWT jwt;
    try {
      jwt = JWTParser.parse(token);
    } catch (ParseException | RuntimeException e) {
      return new AuthResult.Rejected(Reasons.MALFORMED);
    }
    if (jwt instanceof EncryptedJWT) {
      return new AuthResult.Rejected(Reasons.ENCRYPTED);
    }
    if (!(jwt instanceof SignedJWT signed)) {
      return new AuthResult.Rejected(Reasons.ALG_PREFIX + "none");
    }
    JWSAlgorithm alg = signed.getHeader().getAlgorithm();
    if (!JWSAlgorithm.RS256.equals(alg)) {
      String name = KNOWN_ALGORITHMS.contains(alg) ? alg.getName() : "other";
      return new AuthResult.Rejected(Reasons.ALG_PREFIX + name);
    }
    try {
      JWTClaimsSet claims = processor.process(signed, null);
      String identity = claimsCheck.identity(claims).orElseThrow();
      return new AuthResult.Accepted(
          identity, ClaimsCheck.attributes(claims), ClaimsCheck.groups(claims));
    } catch (TokenRejectedException e) {
      return new AuthResult.Rejected(e.reason());
    } catch (BadJWSException e) {
      return new AuthResult.Rejected(Reasons.BAD_SIGNATURE);
    } catch (BadJWTException e) {
      return new AuthResult.Rejected(Reasons.MALFORMED_CLAIMS);
    } catch (BadJOSEException e) {
      // RS256 is checked above, so "another algorithm expected, or no matching key(s)" can only
      // mean that no key in the (refreshed) key set has the token's kid.
      return new AuthResult.Rejected(Reasons.UNKNOWN_KEY);
    } catch (RateLimitReachedException e) {
      // The kid is not in the cached keys and a refresh was just made. If it succeeded, the IdP
      // does not publish that kid: unknown. If it failed, nobody knows yet: undecided.
      return keys.jwksFailing()
          ? new AuthResult.Unavailable(Reasons.JWKS_UNAVAILABLE)
          : new AuthResult.Rejected(Reasons.UNKNOWN_KEY);
    } catch (DiscoveryJwkSource.DiscoveryException e) {
      return new AuthResult.Unavailable(e.getMessage());
    } catch (KeySourceException e) {
      return new AuthResult.Unavailable(Reasons.JWKS_UNAVAILABLE);
    } catch (JOSEException | RuntimeException e) {
      return new AuthResult.Unavailable(
          Reasons.VERIFIER_ERROR + ": " + e.getClass().getSimpleName());
    }
  }

  private static AuthResult logged(AuthResult result, AuthContext context) {
    if (log.isDebugEnabled()) {
      String session = context == null ? "-" : context.sessionId();
      switch (result) {
        case AuthResult.Accepted a -> log.debug("entra: {} accepted {}", session, a.identity());
        case AuthResult.Rejected r -> log.debug("entra: {} rejected: {}", session, r.reason());
        case AuthResult.Unavailable u -> log.debug("entra: {} unavailable: {}", session, u.cause());
        case AuthResult.Challenge c -> log.debug("entra: {} challenge", session);
        case AuthResult.Pending p -> log.debug("entra: {} pending", session);
      }
    }
    return result;
  }

  @Override
  public void close() {
    try {
      keys.close();
    } catch (IOException e) {
      log.warn("entra: closing the key source failed: {}", e.toString());
    }
  }
}
