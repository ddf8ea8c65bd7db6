package org.p2sgate.core.session;

import java.security.SecureRandom;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.Authenticator;
import org.p2sgate.auth.token.AuthTokens;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.control.ControlWrap;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.SessionListener;
import org.p2sgate.core.tls.PeerVerifier;
import org.p2sgate.core.tls.ServerCredentials;

/**
 * What every session of one gateway shares: configuration, the control wrap, TLS credentials, the
 * client-certificate check, the pool, drop counters and the random source.
 */
public record GatewayContext(
    ServerConfig config,
    ControlWrap wrap,
    ServerCredentials credentials,
    PeerVerifier verifier,
    IpPool pool,
    DropCounters drops,
    SecureRandom random,
    Authenticator authenticator,
    SessionListener listener,
    AuthTokens tokens,
    org.p2sgate.core.observe.Telemetry telemetry,
    org.p2sgate.core.observe.TrafficCounters traffic) {

  /**
   * With certificate authentication only: the TLS handshake has verified the chain, and the
   * identity is the one the {@link PeerVerifier} returned.
   */
  public GatewayContext(
      ServerConfig config,
      ControlWrap wrap,
      ServerCredentials credentials,
      PeerVerifier verifier,
      IpPool pool,
      DropCounters drops,
      SecureRandom random) {
    this(
        config,
        wrap,
        credentials,
        verifier,
        pool,
        drops,
        random,
        CERTIFICATE_ONLY,
        SessionListener.NONE,
        null,
        org.p2sgate.core.observe.Telemetry.NONE,
        new org.p2sgate.core.observe.TrafficCounters());
  }

  /** Accepts what the TLS handshake accepted, named by the leaf's common name. */
  /**
   * This context with another control-channel wrap: each data-path thread has its own (a wrap's MAC
   * and cipher objects belong to one thread), made from the same key.
   */
  public GatewayContext withWrap(ControlWrap other) {
    return new GatewayContext(
        config,
        other,
        credentials,
        verifier,
        pool,
        drops,
        random,
        authenticator,
        listener,
        tokens,
        telemetry,
        traffic);
  }

  public static Authenticator certificateOnly() {
    return CERTIFICATE_ONLY;
  }

  /** Accepts what the TLS handshake accepted, named by the leaf's identity from {@code source}. */
  public static Authenticator certificateOnly(org.p2sgate.auth.cert.IdentitySource source) {
    if (source == org.p2sgate.auth.cert.IdentitySource.COMMON_NAME) {
      return CERTIFICATE_ONLY;
    }
    return (credentials, context) ->
        java.util.concurrent.CompletableFuture.completedFuture(
            credentials.certificateChain().isEmpty()
                ? new AuthResult.Rejected("no client certificate")
                : source
                    .identityOf(credentials.certificateChain().get(0))
                    .<AuthResult>map(id -> new AuthResult.Accepted(id, java.util.Map.of()))
                    .orElseGet(() -> new AuthResult.Rejected(source.missingReason())));
  }

  static final Authenticator CERTIFICATE_ONLY =
      (credentials, context) ->
          java.util.concurrent.CompletableFuture.completedFuture(
              credentials.certificateChain().isEmpty()
                  ? new AuthResult.Rejected("no client certificate")
                  : new AuthResult.Accepted(
                      commonNameOrSubject(credentials.certificateChain().get(0)),
                      java.util.Map.of()));

  /** The identity of a certificate-only session: its CN, as the reference reads it. */
  private static String commonNameOrSubject(java.security.cert.X509Certificate cert) {
    return org.p2sgate.auth.cert.IdentitySource.commonName(cert)
        .orElse(cert.getSubjectX500Principal().getName());
  }

  /** The reference's control-packet size target ({@code TLS_MTU_DEFAULT}), IP datagram included. */
  public static final int TLS_MTU = 1250;

  /** Largest TLS chunk in one control packet (wire doc 2.4: 4 acks budgeted, IPv4+UDP). */
  public int maxControlPayload() {
    return TLS_MTU - 28 - (1 + 8 + (1 + 8 + 4 * 4) + 4) - wrap.budgetOverhead();
  }
}
