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
 */
public record AdminSettings(
    InetSocketAddress listen,
    Path tokenFile,
    String tlsCertPem,
    String tlsKeyPem,
    boolean sessionMetrics) {
  /** Where the admin API listens when only a token file is given. */
  public static final int DEFAULT_PORT = 9194;

  public AdminSettings {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(tokenFile, "tokenFile");
    if ((tlsCertPem == null) != (tlsKeyPem == null)) {
      throw new IllegalArgumentException("admin TLS needs both a certificate and a key");
    }
  }

  /** Plain HTTP, no per-session series. */
  public AdminSettings(InetSocketAddress listen, Path tokenFile) {
    this(listen, tokenFile, null, null, false);
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
