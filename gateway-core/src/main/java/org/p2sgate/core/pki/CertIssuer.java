package org.p2sgate.core.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
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
 * Issues certificates: self-signed CAs and leaves for the gateway (serverAuth) and clients
 * (clientAuth), with ECDSA P-256 or RSA keys ({@link KeySpec}), SHA-256 signatures, random 127-bit
 * serial numbers, and the extensions OpenVPN clients check ({@code remote-cert-tls server} needs
 * both keyUsage and extendedKeyUsage serverAuth on the gateway's certificate). A leaf never
 * outlives its CA.
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

  /**
   * What a leaf certificate says.
   *
   * @param commonName the subject's CN
   * @param role server or client (extendedKeyUsage)
   * @param sans subjectAltName entries; a server without any gets its CN as a DNS name
   * @param validity how long from now it is valid (cut at the CA's notAfter)
   */
  record Leaf(String commonName, Role role, List<San> sans, Duration validity) {
    Leaf {
      Objects.requireNonNull(commonName, "commonName");
      Objects.requireNonNull(role, "role");
      sans = List.copyOf(sans);
      if (validity.isNegative() || validity.isZero()) {
        throw new IllegalArgumentException("validity must be positive");
      }
    }
  }

  private CertIssuer() {}

  static KeyPair newKeyPair(SecureRandom random) {
    return KeySpec.EC_P256.generate(random);
  }

  static X509CertificateHolder selfSignedCa(
      KeyPair ca, String commonName, Instant now, SecureRandom random) {
    return selfSignedCa(ca, commonName, now, CA_VALIDITY, random);
  }

  static X509CertificateHolder selfSignedCa(
      KeyPair ca, String commonName, Instant now, Duration validity, SecureRandom random) {
    X500Name name = name(commonName);
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder b =
          builder(name, name, ca.getPublic(), now, now.plus(validity), random);
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

  /** The demo's leaves: P-256, 2 years, the server named by its CN. */
  static X509CertificateHolder issue(
      X509CertificateHolder ca,
      PrivateKey caKey,
      PublicKey subjectKey,
      String commonName,
      Role role,
      Instant now,
      SecureRandom random) {
    return issue(
        ca, caKey, subjectKey, new Leaf(commonName, role, List.of(), LEAF_VALIDITY), now, random);
  }

  static X509CertificateHolder issue(
      X509CertificateHolder ca,
      PrivateKey caKey,
      PublicKey subjectKey,
      Leaf leaf,
      Instant now,
      SecureRandom random) {
    try {
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      Instant notAfter = now.plus(leaf.validity());
      Instant caEnd = ca.getNotAfter().toInstant();
      X509v3CertificateBuilder b =
          builder(
              ca.getSubject(),
              name(leaf.commonName()),
              subjectKey,
              now,
              notAfter.isAfter(caEnd) ? caEnd : notAfter,
              random);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      int usage =
          subjectKey.getAlgorithm().equals("RSA")
              ? KeyUsage.digitalSignature | KeyUsage.keyEncipherment
              : KeyUsage.digitalSignature | KeyUsage.keyAgreement;
      b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
      KeyPurposeId purpose =
          leaf.role() == Role.SERVER
              ? KeyPurposeId.id_kp_serverAuth
              : KeyPurposeId.id_kp_clientAuth;
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
      List<San> sans = leaf.sans();
      if (sans.isEmpty() && leaf.role() == Role.SERVER) {
        sans = List.of(new San(San.Type.DNS, leaf.commonName()));
      }
      if (!sans.isEmpty()) {
        b.addExtension(
            Extension.subjectAlternativeName,
            false,
            new GeneralNames(sans.stream().map(San::toGeneralName).toArray(GeneralName[]::new)));
      }
      b.addExtension(
          Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
      b.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(ca.getSubjectPublicKeyInfo()));
      return b.build(signer(caKey, random));
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot issue a certificate for " + leaf.commonName(), e);
    }
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer,
      X500Name subject,
      PublicKey key,
      Instant now,
      Instant notAfter,
      SecureRandom random) {
    BigInteger serial = new BigInteger(127, random).add(BigInteger.ONE);
    Date notBefore = Date.from(now.minus(CLOCK_SKEW));
    return new JcaX509v3CertificateBuilder(
        issuer, serial, notBefore, Date.from(notAfter), subject, key);
  }

  static ContentSigner signer(PrivateKey key, SecureRandom random) throws GeneralSecurityException {
    String algorithm = KeySpec.signatureAlgorithm(key);
    try {
      return new JcaContentSignerBuilder(algorithm).setSecureRandom(random).build(key);
    } catch (OperatorCreationException e) {
      throw new GeneralSecurityException("no " + algorithm + " signer", e);
    }
  }

  static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }
}
