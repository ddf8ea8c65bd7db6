package org.p2sgate.auth.cert;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** In-memory PKIs for tests: roots, intermediates, leaves and CRLs, made with bcpkix. */
final class TestPki {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final AtomicLong SERIAL = new AtomicLong(1000);
  private static final KeyPairGenerator KPG;

  static {
    try {
      KPG = KeyPairGenerator.getInstance("EC");
      KPG.initialize(new ECGenParameterSpec("secp256r1"));
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** A certificate with its key. */
  record Issued(X509Certificate cert, KeyPair keys) {
    String dn() {
      return cert.getSubjectX500Principal().getName();
    }
  }

  private TestPki() {}

  static KeyPair keys() {
    synchronized (KPG) {
      return KPG.generateKeyPair();
    }
  }

  static Issued root(String cn) {
    KeyPair k = keys();
    return new Issued(
        build(
            cn,
            k,
            null,
            true,
            null,
            null,
            NOW.minus(Duration.ofDays(365)),
            NOW.plus(Duration.ofDays(3650))),
        k);
  }

  static Issued intermediate(String cn, Issued issuer) {
    KeyPair k = keys();
    return new Issued(
        build(
            cn,
            k,
            issuer,
            true,
            null,
            null,
            NOW.minus(Duration.ofDays(30)),
            NOW.plus(Duration.ofDays(1000))),
        k);
  }

  /** A client leaf with clientAuth, valid around {@link #NOW}. */
  static Issued leaf(String cn, Issued issuer) {
    return leaf(cn, issuer, KeyPurposeId.id_kp_clientAuth, null);
  }

  static Issued leaf(String cn, Issued issuer, KeyPurposeId eku, GeneralNames san) {
    return leaf(cn, issuer, eku, san, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)));
  }

  static Issued leaf(
      String cn, Issued issuer, KeyPurposeId eku, GeneralNames san, Instant from, Instant to) {
    KeyPair k = keys();
    return new Issued(build(cn, k, issuer, false, eku, san, from, to), k);
  }

  static GeneralNames upnSan(String upn) {
    ASN1EncodableVector v = new ASN1EncodableVector();
    v.add(new ASN1ObjectIdentifier(IdentitySource.UPN_OID));
    v.add(new DERTaggedObject(true, 0, new DERUTF8String(upn)));
    return new GeneralNames(new GeneralName(GeneralName.otherName, new DERSequence(v)));
  }

  static GeneralNames emailSan(String email) {
    return new GeneralNames(
        new GeneralName[] {
          new GeneralName(GeneralName.dNSName, "host.example"),
          new GeneralName(GeneralName.rfc822Name, email)
        });
  }

  private static X509Certificate build(
      String cn,
      KeyPair keys,
      Issued issuer,
      boolean ca,
      KeyPurposeId eku,
      GeneralNames san,
      Instant from,
      Instant to) {
    try {
      X500Name subject = new X500Name("O=p2sgate test,CN=" + cn);
      X500Name issuerName =
          issuer == null
              ? subject
              : X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
      JcaX509v3CertificateBuilder b =
          new JcaX509v3CertificateBuilder(
              issuerName,
              BigInteger.valueOf(SERIAL.incrementAndGet()),
              Date.from(from),
              Date.from(to),
              subject,
              keys.getPublic());
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      b.addExtension(
          Extension.keyUsage,
          true,
          new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
      if (eku != null) {
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
      }
      if (san != null) {
        b.addExtension(Extension.subjectAlternativeName, false, san);
      }
      KeyPair signer = issuer == null ? keys : issuer.keys();
      return new JcaX509CertificateConverter().getCertificate(b.build(signer(signer)));
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ContentSigner signer(KeyPair k) throws OperatorCreationException {
    return new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate());
  }

  /** A CRL signed by {@code signer} in the name of {@code issuer}, revoking the given certs. */
  static X509CRL crl(Issued issuer, KeyPair signer, X509Certificate... revoked) {
    try {
      X500Name name = X500Name.getInstance(issuer.cert().getSubjectX500Principal().getEncoded());
      X509v2CRLBuilder b = new X509v2CRLBuilder(name, Date.from(NOW.minus(Duration.ofHours(1))));
      b.setNextUpdate(Date.from(NOW.plus(Duration.ofDays(7))));
      for (X509Certificate c : revoked) {
        b.addCRLEntry(
            c.getSerialNumber(),
            Date.from(NOW.minus(Duration.ofMinutes(5))),
            CRLReason.keyCompromise);
      }
      return new JcaX509CRLConverter().getCRL(b.build(signer(signer)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  static X509CRL crl(Issued issuer, X509Certificate... revoked) {
    return crl(issuer, issuer.keys(), revoked);
  }

  static String pem(Object... objects) {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      for (Object o : objects) {
        pw.writeObject(o);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return w.toString();
  }

  static Path writePem(Path file, Object... objects) throws IOException {
    return Files.writeString(file, pem(objects));
  }
}
