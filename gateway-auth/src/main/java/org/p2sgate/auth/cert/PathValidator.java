package org.p2sgate.auth.cert;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.SignatureException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * PKIX path validation with BouncyCastle's validator over certificate objects that BouncyCastle
 * parsed, so that every signature of the chain is checked by BouncyCastle's own code: with the
 * JDK's validator (or JDK certificate objects) an ECDSA P-256 chain costs about 750 us of CPU per
 * check against about 200 us (RSA 2048: 56 against 86 us; {@code PathCheckBenchmark}); on a gateway
 * taking hundreds of handshakes a second that is a fifth of each handshake's CPU.
 *
 * <p>The provider is an object handed to the JCA, never registered globally (registering it changes
 * what other code gets from the JCA). Results name the caller's own certificate objects: the path
 * as given and the trust store's certificate that anchored it.
 */
final class PathValidator {
  private static final Provider BC = new BouncyCastleProvider();

  private final Set<TrustAnchor> anchors;
  private final Map<X509Certificate, X509Certificate> originals = new HashMap<>();

  PathValidator(List<X509Certificate> trusted) {
    Set<TrustAnchor> a = new LinkedHashSet<>();
    for (X509Certificate c : trusted) {
      X509Certificate own;
      try {
        own = parse(c);
      } catch (CertificateException e) {
        throw new IllegalArgumentException(
            "trusted certificate " + c.getSubjectX500Principal() + " unreadable: " + e.getMessage(),
            e);
      }
      originals.put(own, c);
      a.add(new TrustAnchor(own, null));
    }
    this.anchors = Set.copyOf(a);
  }

  /**
   * Validates {@code path} (leaf first, no anchor) at {@code date}; returns the path with the trust
   * store's anchor certificate appended.
   *
   * @throws java.security.cert.CertPathValidatorException when the path does not validate
   */
  List<X509Certificate> validate(List<X509Certificate> path, Date date)
      throws GeneralSecurityException {
    List<X509Certificate> own = new ArrayList<>(path.size());
    for (X509Certificate c : path) {
      own.add(parse(c));
    }
    CertificateFactory factory = CertificateFactory.getInstance("X.509", BC);
    CertPath cp = factory.generateCertPath(own);
    PKIXParameters params = new PKIXParameters(anchors);
    params.setRevocationEnabled(false);
    params.setDate(date);
    PKIXCertPathValidatorResult result;
    try {
      result =
          (PKIXCertPathValidatorResult)
              CertPathValidator.getInstance("PKIX", BC).validate(cp, params);
    } catch (CertPathValidatorException e) {
      throw withReason(e);
    }
    List<X509Certificate> validated = new ArrayList<>(path);
    validated.add(originals.get(result.getTrustAnchor().getTrustedCert()));
    return validated;
  }

  /**
   * BouncyCastle's validator leaves the reason of its exceptions unspecified: give them the JDK
   * validator's reasons, which the refusal messages are made from. A chain that leads to no trust
   * anchor (none of that name, or none whose key verifies it) is told by BouncyCastle's message
   * alone; {@code CertificateAuthenticatorTest} pins those messages.
   */
  private static CertPathValidatorException withReason(CertPathValidatorException e) {
    String m = String.valueOf(e.getMessage());
    CertPathValidatorException.Reason reason = null;
    if (m.startsWith("Trust anchor for certification path not found")
        || m.startsWith("TrustAnchor found but certificate validation failed")) {
      reason = PKIXReason.NO_TRUST_ANCHOR;
    } else if (e.getCause() instanceof SignatureException
        || e.getCause() instanceof InvalidKeyException) {
      reason = CertPathValidatorException.BasicReason.INVALID_SIGNATURE;
    }
    if (reason == null) {
      return e;
    }
    return new CertPathValidatorException(m, e.getCause(), e.getCertPath(), e.getIndex(), reason);
  }

  private static X509Certificate parse(X509Certificate c) throws CertificateException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509", BC)
            .generateCertificate(new ByteArrayInputStream(c.getEncoded()));
  }
}
