package org.p2sgate.core.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/** What this PKI reads back from certificates: CN, names, CA flag, public key. */
final class CertFacts {
  private CertFacts() {}

  /** The subject's first CN, or the whole subject DN when it has none. */
  static String commonName(X509CertificateHolder cert) {
    RDN[] cn = cert.getSubject().getRDNs(BCStyle.CN);
    return cn.length == 0
        ? cert.getSubject().toString()
        : IETFUtils.valueToString(cn[0].getFirst().getValue());
  }

  /** The CN of the first certificate in {@code pem}, if there is one. */
  static java.util.Optional<String> firstCommonName(String pem) {
    try (org.bouncycastle.openssl.PEMParser p =
        new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder cert) {
          return cert.getSubject().getRDNs(BCStyle.CN).length == 0
              ? java.util.Optional.empty()
              : java.util.Optional.of(commonName(cert));
        }
      }
    } catch (java.io.IOException e) {
      // not PEM: no name
    }
    return java.util.Optional.empty();
  }

  /** The DER of the first certificate in {@code pem}. */
  static byte[] firstCertificateDer(String pem) {
    try (org.bouncycastle.openssl.PEMParser p =
        new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof X509CertificateHolder cert) {
          return cert.getEncoded();
        }
      }
    } catch (java.io.IOException e) {
      // handled below
    }
    throw new IllegalArgumentException("no PEM certificate");
  }

  static boolean isCa(X509CertificateHolder cert) {
    BasicConstraints bc = BasicConstraints.fromExtensions(cert.getExtensions());
    return bc != null && bc.isCA();
  }

  static PublicKey publicKey(X509CertificateHolder cert) {
    try {
      String alg =
          cert.getSubjectPublicKeyInfo()
                  .getAlgorithm()
                  .getAlgorithm()
                  .getId()
                  .equals("1.2.840.113549.1.1.1")
              ? "RSA"
              : "EC";
      return KeyFactory.getInstance(alg)
          .generatePublic(new X509EncodedKeySpec(cert.getSubjectPublicKeyInfo().getEncoded()));
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalArgumentException("unsupported public key (use EC or RSA)", e);
    }
  }

  /** Whether {@code key} is the private key of {@code cert}: a probe signature verifies. */
  static boolean keyMatches(X509CertificateHolder cert, PrivateKey key) {
    try {
      PublicKey pub = publicKey(cert);
      if (!pub.getAlgorithm().equals(key.getAlgorithm())) {
        return false;
      }
      String alg = KeySpec.signatureAlgorithm(key);
      byte[] probe = "p2sgate key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(pub);
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The DNS, IP, UPN and e-mail names of the subjectAltName (others are skipped). */
  static List<San> subjectAltNames(X509CertificateHolder cert) {
    List<San> out = new ArrayList<>();
    GeneralNames names =
        GeneralNames.fromExtensions(
            cert.getExtensions(), org.bouncycastle.asn1.x509.Extension.subjectAlternativeName);
    if (names == null) {
      return out;
    }
    for (GeneralName n : names.getNames()) {
      try {
        switch (n.getTagNo()) {
          case GeneralName.dNSName -> out.add(new San(San.Type.DNS, text(n)));
          case GeneralName.rfc822Name -> out.add(new San(San.Type.EMAIL, text(n)));
          case GeneralName.iPAddress -> {
            byte[] raw = DEROctetString.getInstance(n.getName()).getOctets();
            out.add(new San(San.Type.IP, java.net.InetAddress.getByAddress(raw).getHostAddress()));
          }
          case GeneralName.otherName -> {
            ASN1Sequence seq = ASN1Sequence.getInstance(n.getName());
            if (ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId().equals(San.UPN_OID)) {
              ASN1TaggedObject t = ASN1TaggedObject.getInstance(seq.getObjectAt(1));
              out.add(new San(San.Type.UPN, ((ASN1String) t.getExplicitBaseObject()).getString()));
            }
          }
          default -> {}
        }
      } catch (RuntimeException | java.net.UnknownHostException e) {
        // a name this PKI does not issue, or malformed: not listed
      }
    }
    return out;
  }

  private static String text(GeneralName n) {
    return ((ASN1String) n.getName()).getString();
  }
}
