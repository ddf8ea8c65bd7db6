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
}
