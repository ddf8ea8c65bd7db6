package org.p2sgate.auth.cert;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Checks a client certificate chain the way an OpenVPN server with {@code ca} does: it must chain
 * to one of the configured CA certificates (PKIX, at the injected clock's time), and a leaf that
 * restricts its extended key usage must allow clientAuth. The identity is the subject's common
 * name.
 */
public final class ClientCertificateVerifier {
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
  private static final String ANY_EKU = "2.5.29.37.0";

  private final Set<TrustAnchor> anchors;
  private final Clock clock;

  public ClientCertificateVerifier(Collection<X509Certificate> caCertificates, Clock clock) {
    if (caCertificates.isEmpty()) {
      throw new IllegalArgumentException("no CA certificate configured");
    }
    Set<TrustAnchor> a = new HashSet<>();
    for (X509Certificate c : caCertificates) {
      a.add(new TrustAnchor(c, null));
    }
    this.anchors = Set.copyOf(a);
    this.clock = clock;
  }

  /** Reads every CERTIFICATE block of a PEM text. */
  public static List<X509Certificate> parsePem(String pem) throws CertificateException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Collection<? extends Certificate> certs =
        cf.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    List<X509Certificate> out = new ArrayList<>();
    for (Certificate c : certs) {
      out.add((X509Certificate) c);
    }
    return out;
  }

  /**
   * @param chain the client's chain, leaf first (as sent in TLS)
   * @return the common name of the accepted leaf
   * @throws CertificateException with a short reason fit for the operator's log
   */
  public String verify(X509Certificate[] chain) throws CertificateException {
    if (chain.length == 0) {
      throw new CertificateException("empty certificate chain");
    }
    X509Certificate leaf = chain[0];
    List<String> eku = leaf.getExtendedKeyUsage();
    if (eku != null && !eku.contains(CLIENT_AUTH) && !eku.contains(ANY_EKU)) {
      throw new CertificateException("certificate is not for client authentication (EKU)");
    }
    try {
      List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
      // drop a trailing self-signed root: the anchor stands for it
      X509Certificate last = path.get(path.size() - 1);
      if (path.size() > 1 && last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
        path.remove(path.size() - 1);
      }
      CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
      PKIXParameters params = new PKIXParameters(anchors);
      params.setRevocationEnabled(false);
      params.setDate(Date.from(clock.instant()));
      CertPathValidator.getInstance("PKIX").validate(cp, params);
    } catch (CertPathValidatorException e) {
      throw new CertificateException(describe(e));
    } catch (GeneralSecurityException e) {
      throw new CertificateException("chain check failed: " + e.getMessage());
    }
    return commonName(leaf);
  }

  private static String describe(CertPathValidatorException e) {
    String reason = String.valueOf(e.getReason());
    if (e.getCause() instanceof java.security.cert.CertificateExpiredException) {
      return "certificate expired";
    }
    if (e.getCause() instanceof java.security.cert.CertificateNotYetValidException) {
      return "certificate not yet valid";
    }
    return switch (reason) {
      case "NO_TRUST_ANCHOR" -> "not issued by a trusted CA";
      case "INVALID_SIGNATURE" -> "bad signature in chain";
      case "EXPIRED" -> "certificate expired";
      case "NOT_YET_VALID" -> "certificate not yet valid";
      default -> "chain not valid (" + reason + "): " + e.getMessage();
    };
  }

  /** The subject CN, or the whole subject DN if it has none. */
  public static String commonName(X509Certificate cert) {
    String dn = cert.getSubjectX500Principal().getName();
    try {
      for (Rdn rdn : new LdapName(dn).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return dn;
    }
    return dn;
  }
}
