package org.p2sgate.core.tls;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.p2sgate.auth.AuthResult;
import org.p2sgate.auth.cert.CertificateAuthenticator;

/** Decides whether a client's certificate chain is acceptable during the TLS handshake. */
@FunctionalInterface
public interface PeerVerifier {
  /**
   * An accepted client certificate.
   *
   * @param identity who it names (e.g. its common name)
   * @param path the path it validated along, leaf first and trust anchor last: what revocation is
   *     checked against for as long as the session lives, never the chain as presented
   */
  record Verified(String identity, List<X509Certificate> path) {
    public Verified {
      path = List.copyOf(path);
    }
  }

  /**
   * @param chain the client's chain, leaf first, as presented
   * @return the accepted certificate's identity and validated path
   * @throws CertificateException with the reason for a refusal
   */
  Verified verify(X509Certificate[] chain) throws CertificateException;

  /**
   * The gateway's check: the {@code certificate} method's (trusted chain, not revoked, clientAuth
   * EKU, an identity), whatever the policy, because the handshake must not accept a certificate
   * that method would refuse.
   */
  static PeerVerifier checking(CertificateAuthenticator certs) {
    return chain -> {
      CertificateAuthenticator.Checked c = certs.checkPath(List.of(chain));
      if (c.result() instanceof AuthResult.Accepted a) {
        return new Verified(a.identity(), c.path());
      }
      throw new CertificateException(
          c.result() instanceof AuthResult.Rejected r ? r.reason() : String.valueOf(c.result()));
    };
  }

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
      public Verified verify(X509Certificate[] chain) throws CertificateException {
        return self.verify(chain);
      }

      @Override
      public ClientCertMode clientCertMode() {
        return mode;
      }
    };
  }
}
