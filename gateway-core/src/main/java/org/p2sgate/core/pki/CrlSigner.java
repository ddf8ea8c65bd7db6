package org.p2sgate.core.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Signs the CA's certificate revocation list (RFC 5280 section 5): every revoked certificate with
 * its revocation time, a cRLNumber that grows with each CRL, the authority key identifier, and a
 * nextUpdate after which relying parties should fetch a new one ({@code p2sgate pki crl} re-signs).
 */
final class CrlSigner {
  /** How long a CRL is current by default. */
  static final Duration DEFAULT_VALIDITY = Duration.ofDays(30);

  private CrlSigner() {}

  static X509CRLHolder sign(
      X509CertificateHolder ca,
      PrivateKey caKey,
      List<CertIndex.Entry> revoked,
      long crlNumber,
      Instant now,
      Duration validity,
      SecureRandom random) {
    try {
      X509v2CRLBuilder b = new X509v2CRLBuilder(ca.getSubject(), Date.from(now));
      b.setNextUpdate(Date.from(now.plus(validity)));
      for (CertIndex.Entry e : revoked) {
        b.addCRLEntry(e.serialNumber(), Date.from(e.revokedAt()), CRLReason.unspecified);
      }
      b.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(crlNumber)));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getSubjectPublicKeyInfo()));
      return b.build(CertIssuer.signer(caKey, random));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot sign the CRL", e);
    }
  }

  static String pem(X509CRLHolder crl) {
    try {
      return PemFiles.pem("X509 CRL", crl.getEncoded());
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode the CRL", e);
    }
  }
}
