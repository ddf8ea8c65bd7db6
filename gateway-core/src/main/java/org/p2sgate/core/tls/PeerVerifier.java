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
   * Whether the handshake asks for a client certificate at all. When not (a policy of only {@code
   * radius} or {@code entra}, OpenVPN's {@code verify-client-cert none}), the client proves who it
   * is after the handshake, by username and password or token.
   */
  default boolean certificateRequested() {
    return true;
  }

  /** Whether a client that sends no certificate is refused in the handshake. */
  default boolean certificateRequired() {
    return true;
  }

  /** This verifier, for a handshake that asks no client certificate. */
  default PeerVerifier withoutCertificateRequest() {
    return withMode(false, false);
  }

  /**
   * This verifier, for a handshake that asks for a certificate, checks one that comes, and lets a
   * client without one go on to the password or token policies (OpenVPN's {@code verify-client-cert
   * optional}).
   */
  default PeerVerifier withOptionalCertificate() {
    return withMode(true, false);
  }

  private PeerVerifier withMode(boolean requested, boolean required) {
    PeerVerifier self = this;
    return new PeerVerifier() {
      @Override
      public String verify(X509Certificate[] chain) throws CertificateException {
        return self.verify(chain);
      }

      @Override
      public boolean certificateRequested() {
        return requested;
      }

      @Override
      public boolean certificateRequired() {
        return required;
      }
    };
  }
}
