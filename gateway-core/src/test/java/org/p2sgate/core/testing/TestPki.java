package org.p2sgate.core.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * An in-memory EC P-256 PKI for tests: one CA, server certificates (EKU serverAuth, keyUsage, as
 * OpenVPN's {@code remote-cert-tls server} wants) and client certificates (EKU clientAuth) with a
 * given common name. Everything is valid from one hour ago for one day, so the gateway's verifier,
 * which reads the real clock, accepts it. A second {@code TestPki} is a "foreign" CA whose clients
 * the gateway must refuse.
 */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() & 0xffffffffL);

  /** A certificate with its private key, as JCA objects and as PEM text. */
  public record Credential(X509Certificate cert, PrivateKey key, String certPem, String keyPem) {
    public String commonName() {
      return org.p2sgate.auth.cert.IdentitySource.commonName(cert).orElseThrow();
    }

    @Override
    public String toString() {
      return "Credential[" + cert.getSubjectX500Principal() + "]";
    }
  }

  private final Credential ca;

  private TestPki(Credential ca) {
    this.ca = ca;
  }

  /** A new self-signed CA named {@code caName}. */
  public static TestPki create(String caName) {
    KeyPair kp = newKeyPair();
    X500Name name = new X500Name("CN=" + caName);
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            name, serial(), notBefore(), notAfter(), name, kp.getPublic());
    try {
      JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(
          Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      b.addExtension(
          Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(kp.getPublic()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return new TestPki(credential(sign(b, kp.getPrivate()), kp.getPrivate()));
  }

  /** The CA itself. */
  public Credential ca() {
    return ca;
  }

  /** The CA certificate as PEM, what a {@code ca} file holds. */
  public String caPem() {
    return ca.certPem();
  }

  /** A server certificate: keyUsage digitalSignature + keyAgreement, EKU serverAuth. */
  public Credential server(String cn) {
    return leaf(cn, KeyPurposeId.id_kp_serverAuth, true, 0);
  }

  /**
   * A server certificate with {@code dnsNames} subjectAltName entries, to make the TLS flight
   * longer than one control packet (about 40 bytes each).
   */
  public Credential server(String cn, int dnsNames) {
    return leaf(cn, KeyPurposeId.id_kp_serverAuth, true, dnsNames);
  }

  /** A client certificate: keyUsage digitalSignature + keyAgreement, EKU clientAuth. */
  public Credential client(String cn) {
    return leaf(cn, KeyPurposeId.id_kp_clientAuth, true, 0);
  }

  /**
   * A leaf with the given extended key usage; {@code withKeyUsage = false} leaves the keyUsage
   * extension out (OpenVPN's {@code remote-cert-tls} then refuses it); {@code dnsNames} adds that
   * many subjectAltName DNS entries.
   */
  public Credential leaf(String cn, KeyPurposeId eku, boolean withKeyUsage, int dnsNames) {
    KeyPair kp = newKeyPair();
    JcaX509v3CertificateBuilder b =
        new JcaX509v3CertificateBuilder(
            ca.cert(), serial(), notBefore(), notAfter(), new X500Name("CN=" + cn), kp.getPublic());
    try {
      JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
      b.addExtension(Extension.basicConstraints, false, new BasicConstraints(false));
      if (withKeyUsage) {
        b.addExtension(
            Extension.keyUsage,
            true,
            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
      }
      if (eku != null) {
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(eku));
      }
      if (dnsNames > 0) {
        GeneralName[] names = new GeneralName[dnsNames];
        for (int i = 0; i < dnsNames; i++) {
          names[i] = new GeneralName(GeneralName.dNSName, "host-" + i + ".gateway.example.net");
        }
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      }
      b.addExtension(
          Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(kp.getPublic()));
      b.addExtension(
          Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(ca.cert()));
    } catch (CertIOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return credential(sign(b, ca.key()), kp.getPrivate());
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder b, PrivateKey signer) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static Credential credential(X509Certificate cert, PrivateKey key) {
    try {
      // the key as PKCS#8 "PRIVATE KEY", what openssl writes today
      return new Credential(cert, key, pem(cert), pem(new JcaPKCS8Generator(key, null)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(X509Certificate cert) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(cert);
    }
    return sw.toString();
  }

  private static String pem(PemObjectGenerator gen) throws IOException {
    StringWriter sw = new StringWriter();
    try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
      w.writeObject(gen);
    }
    return sw.toString();
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 unavailable", e);
    }
  }

  private static BigInteger serial() {
    return BigInteger.valueOf(SERIAL.incrementAndGet());
  }

  private static Date notBefore() {
    return Date.from(Instant.now().minus(Duration.ofHours(1)));
  }

  private static Date notAfter() {
    return Date.from(Instant.now().plus(Duration.ofDays(1)));
  }

  @Override
  public String toString() {
    return "TestPki[" + ca.cert().getSubjectX500Principal() + "]";
  }
}
