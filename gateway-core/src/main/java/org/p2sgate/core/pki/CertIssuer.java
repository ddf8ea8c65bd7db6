package org.p2sgate.core.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues the demo PKI's certificates: ECDSA P-256 keys, SHA-256 signatures, random 127-bit serial
 * numbers, and the extensions OpenVPN clients check ({@code remote-cert-tls server} needs both
 * keyUsage and extendedKeyUsage serverAuth on the gateway's certificate).
 */
final class CertIssuer {
  static final Duration CA_VALIDITY = Duration.ofDays(3650);
  static final Duration LEAF_VALIDITY = Duration.ofDays(730);

  /**
   * Back-dating of notBefore, so that a client whose clock runs a little slow accepts a new
   * certificate.
   */
  private static final Duration CLOCK_SKEW = Duration.ofHours(1);

  enum Role {
    SERVER,
    CLIENT
  }

  private CertIssuer() {}

  static KeyPair newKeyPair(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"), random);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate P-256 keys", e);
    }
  }

  static X509CertificateHolder selfSignedCa(
      KeyPair ca, String commonName, Instant now, SecureRandom random) {
    X500Name name = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b = builder(name, name, ca.getPublic(), now, CA_VALIDITY, random);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
      return b.build(signer(ca.getPrivate(), random));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("cannot issue the CA certificate", e);
    }
  }

  static X509CertificateHolder issue(
      X509CertificateHolder ca,
      PrivateKey caKey,
      PublicKey subjectKey,
      String commonName,
      Role role,
      Instant now,
      SecureRandom random) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          builder(ca.getSubject(), name(commonName), subjectKey, now, LEAF_VALIDITY, random);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      KeyPurposeId purpose =
          role == Role.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth;
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      if (role == Role.SERVER) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)));
      }
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.getSubjectPublicKeyInfo()));
      return b.build(signer(caKey, random));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + commonName, e);
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer,
      X500Name subject,
      PublicKey key,
      Instant now,
      Duration validity,
      SecureRandom random) {
    BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
    Date notBefore = Date.from(now.minus(CLOCK_SKEW));
    Date notAfter = Date.from(now.plus(validity));
    return new JcaX509v3CertificateBuilder(issuer, serial, notBefore, notAfter, subject, key);
  }

  private static ContentSigner signer(PrivateKey key, SecureRandom random)
      throws GeneralSecurityException {
    try {
      return new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random).build(key);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("no SHA256withECDSA signer", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }
}
