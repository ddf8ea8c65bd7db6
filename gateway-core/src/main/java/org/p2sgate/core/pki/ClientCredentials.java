package org.p2sgate.core.pki;

import java.util.Objects;

/**
 * A client certificate and its private key, as PEM text.
 *
 * @param commonName the certificate's CN, which the gateway reports as the client's identity
 * @param certPem the client certificate
 * @param keyPem the client's PKCS#8 private key (secret: never log)
 */
public record ClientCredentials(String commonName, String certPem, String keyPem) {
  public ClientCredentials {
    Objects.requireNonNull(commonName, "commonName");
    Objects.requireNonNull(certPem, "certPem");
    Objects.requireNonNull(keyPem, "keyPem");
  }

  /** Never prints the key. */
  @Override
  public String toString() {
    return "ClientCredentials[" + commonName + "]";
  }
}
