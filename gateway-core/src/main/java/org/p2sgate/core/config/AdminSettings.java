package org.p2sgate.core.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The admin HTTP listener: health, readiness, metrics, and (with the bearer token) the sessions
 * API.
 *
 * @param listen where it listens; loopback unless the operator says otherwise
 * @param tokenFile the file holding the bearer token (created with a random token if missing)
 * @param tlsCertPem the listener's certificate chain (PEM) for HTTPS, or {@code null} for HTTP
 * @param tlsKeyPem its private key (PKCS#8 PEM), or {@code null} for HTTP
 * @param sessionMetrics whether {@code /metrics} has series per session (one set per connected
 *     client: mind the cardinality)
 * @param backendGrace how long every request to an authentication back end (RADIUS) may fail before
 *     {@code /readyz} says the gateway is not ready
 */
public record AdminSettings(
    InetSocketAddress listen,
    Path tokenFile,
    String tlsCertPem,
    String tlsKeyPem,
    boolean sessionMetrics,
    java.time.Duration backendGrace) {
  /** Where the admin API listens when only a token file is given. */
  public static final int DEFAULT_PORT = 9194;

  /** How long a back end may go unanswered before the gateway is not ready, unless configured. */
  public static final java.time.Duration DEFAULT_BACKEND_GRACE = java.time.Duration.ofSeconds(30);

  public AdminSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(backendGrace, "backendGrace");
    if ((tlsCertPem == null) != (tlsKeyPem == null)) {
      throw new IllegalArgumentException("admin TLS needs both a certificate and a key");
    }
  }

  /** Plain HTTP, no per-session series. */
  public AdminSettings(InetSocketAddress listen, Path tokenFile) {
    this(listen, tokenFile, null, null, false, DEFAULT_BACKEND_GRACE);
  }

  /** Whether the listener speaks HTTPS. */
  public boolean tls() {
    return tlsCertPem != null;
  }

  @Override
  public String toString() {
    return "AdminSettings[listen=" + listen + ", tls=" + tls() + "]"; // never the key
  }
}
