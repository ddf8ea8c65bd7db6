package org.p2sgate.core.config;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.p2sgate.auth.sso.SsoConfig;

/**
 * Browser sign-in ({@code auth.sso}): the OpenID Connect settings and the HTTPS listener that
 * serves the sign-in page and the provider's callback to users' browsers. It is a listener of its
 * own, not the admin API's: the admin API stays on a private address for operators, this one faces
 * every user (decision 0032).
 *
 * @param oidc the provider, client and claims
 * @param listen where the HTTPS listener binds
 * @param tlsCertPem its certificate chain (PEM), or {@code null} for the gateway's own server
 *     certificate
 * @param tlsKeyPem its private key (PKCS#8 PEM; secret), or {@code null} likewise
 */
public record SsoSettings(
    SsoConfig oidc, InetSocketAddress listen, String tlsCertPem, String tlsKeyPem) {
  public SsoSettings {
    Objects.requireNonNull(oidc, "oidc");
    Objects.requireNonNull(listen, "listen");
    if ((tlsCertPem == null) != (tlsKeyPem == null)) {
      throw new IllegalArgumentException("sso TLS needs both a certificate and a key");
    }
  }

  @Override
  public String toString() {
    return "SsoSettings[" + oidc + ", listen=" + listen + "]"; // never the key
  }
}
