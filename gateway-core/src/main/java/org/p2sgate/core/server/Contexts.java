package org.p2sgate.core.server;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.IntSupplier;
import org.p2sgate.auth.BackendObserver;
import org.p2sgate.auth.cert.CertificateAuthenticator;
import org.p2sgate.auth.cert.RevocationList;
import org.p2sgate.auth.cert.TrustStore;
import org.p2sgate.core.config.ServerConfig;
import org.p2sgate.core.control.ControlWrap;
import org.p2sgate.core.control.ControlWraps;
import org.p2sgate.core.ippool.IpPool;
import org.p2sgate.core.metrics.GatewayMetrics;
import org.p2sgate.core.observe.BackendHealth;
import org.p2sgate.core.observe.DropCounters;
import org.p2sgate.core.observe.TrafficCounters;
import org.p2sgate.core.session.GatewayContext;
import org.p2sgate.core.tls.PeerVerifier;
import org.p2sgate.core.tls.ServerCredentials;

/**
 * Builds what the sessions share ({@link GatewayContext}) from a configuration: once at start, and
 * again at every reload, when the parts that live as long as the process ({@link Lasting}) are kept
 * and the rest (credentials, trust, authentication) is made from the new configuration.
 */
final class Contexts {
  private Contexts() {}

  /**
   * What outlives a reload: the pool and the addresses it handed out, the counters and metrics, the
   * back ends' health, the control-channel wrap (its key needs a restart to change).
   */
  record Lasting(
      IpPool pool,
      DropCounters drops,
      TrafficCounters traffic,
      GatewayMetrics metrics,
      BackendHealth health,
      BackendObserver observer,
      ControlWrap wrap,
      SecureRandom random,
      org.p2sgate.auth.sso.BrowserSignIn browserSignIn) {}

  static Lasting lasting(ServerConfig config, IntSupplier pending) {
    IpPool pool = new IpPool(config.poolNetwork(), config.poolPrefix());
    DropCounters drops = new DropCounters();
    TrafficCounters traffic = new TrafficCounters();
    GatewayMetrics metrics =
        new GatewayMetrics(drops, traffic, pool::clientAddresses, pool::allocatedCount, pending);
    metrics.expectLogins(config.auth().policy());
    BackendHealth health =
        Authentication.health(
            config.auth(),
            config.admin() != null
                ? config.admin().backendGrace()
                : org.p2sgate.core.config.AdminSettings.DEFAULT_BACKEND_GRACE);
    return new Lasting(
        pool,
        drops,
        traffic,
        metrics,
        health,
        metrics.andThen(health),
        ControlWraps.forServer(config.tlsWrap()),
        new SecureRandom(),
        config.auth().sso() == null
            ? null
            : new org.p2sgate.auth.sso.BrowserSignIn(
                config.auth().sso().oidc(), java.time.Clock.systemUTC()));
  }

  static TrustStore trustStore(ServerConfig config) throws StartupException {
    try {
      return TrustStore.of(TrustStore.parsePem(config.caPem()));
    } catch (java.security.cert.CertificateException | IllegalArgumentException e) {
      throw new StartupException("CA certificate: " + e.getMessage());
    }
  }

  /** The revocation lists, re-read from disk while the gateway runs. */
  static RevocationList revocations(ServerConfig config, TrustStore trust) throws StartupException {
    try {
      return config.revokedThumbprints().isEmpty() && config.crlFiles().isEmpty()
          ? RevocationList.none(trust)
          : RevocationList.load(trust, config.revokedThumbprints(), config.crlFiles());
    } catch (IOException | IllegalArgumentException e) {
      throw new StartupException("revocation list: " + e.getMessage());
    }
  }

  static GatewayContext context(
      ServerConfig config,
      Clock clock,
      TrustStore trust,
      RevocationList revocations,
      Lasting lasting)
      throws StartupException {
    ServerCredentials creds;
    try {
      creds = ServerCredentials.load(config.certPem(), config.keyPem());
    } catch (IOException e) {
      throw new StartupException("server certificate/key: " + e.getMessage());
    }
    // the TLS handshake refuses a client certificate this check does not accept: untrusted,
    // expired, revoked (thumbprint list or CRL), or without the clientAuth EKU
    CertificateAuthenticator certs =
        new CertificateAuthenticator(
            trust, revocations, config.auth().certificateIdentity(), clock);
    PeerVerifier verifier =
        PeerVerifier.checking(certs)
            .withClientCertMode(Authentication.certificateMode(config.auth()));
    org.p2sgate.auth.token.AuthTokens tokens = Authentication.tokens(config.auth());
    return new GatewayContext(
        config,
        lasting.wrap(),
        creds,
        verifier,
        lasting.pool(),
        lasting.drops(),
        lasting.random(),
        Authentication.withTokens(
            Authentication.build(config.auth(), lasting.observer(), lasting.browserSignIn()),
            tokens,
            Authentication.fitsAnyPolicy(config.auth())),
        Authentication.listener(config.auth(), lasting.observer()),
        tokens,
        lasting.metrics(),
        lasting.traffic());
  }
}
