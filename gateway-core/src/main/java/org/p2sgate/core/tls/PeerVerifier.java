package org.p2sgate.core.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/** Decides whether a client's certificate chain is acceptable during the TLS handshake. */
@FunctionalInterface
public interface PeerVerifier {
  /**
   * @param chain the client's chain, leaf first
   * @return the identity (e.g. the common name) of an accepted certificate
   * @throws CertificateException with the reason for a refusal
   */
  String verify(X509Certificate[] chain) throws CertificateException;

  /**
   * What the handshake asks of the client's certificate. Unless {@link ClientCertMode#REQUIRED}, a
   * client without one proves who it is after the handshake, by username and password or token.
   */
  default ClientCertMode clientCertMode() {
    return ClientCertMode.REQUIRED;
  }

  /** This verifier, for a handshake that treats the client's certificate as {@code mode} says. */
  default PeerVerifier withClientCertMode(ClientCertMode mode) {
    PeerVerifier self = this;
    return new PeerVerifier() {
      @Override
      public String verify(X509Certificate[] chain) throws CertificateException {
        return self.verify(chain);
      }

      @Override
      public ClientCertMode clientCertMode() {
        return mode;
      }
    };
  }
}
