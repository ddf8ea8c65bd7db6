package org.p2sgate.core.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Validates and normalises the PEM text of certificates and private keys. Certificates come back as
 * their CERTIFICATE blocks only (text such as easy-rsa's human-readable dump is dropped); a private
 * key comes back as one PKCS#8 {@code PRIVATE KEY} block whatever it was written as (PKCS#8, SEC1
 * {@code EC PRIVATE KEY} or PKCS#1 {@code RSA PRIVATE KEY}). Messages never quote key material.
 */
final class PemMaterial {
  private PemMaterial() {}

  /** One or more CERTIFICATE blocks, re-encoded. */
  static String certificates(String text) throws ValueException {
    StringBuilder out = new StringBuilder();
    for (Object o : readAll(text, "certificate")) {
      if (o instanceof X509CertificateHolder cert) {
        out.append(pem("CERTIFICATE", encoded(cert)));
      } else if (o instanceof PrivateKeyInfo || o instanceof PEMKeyPair) {
        throw new ValueException("holds a private key where only certificates are expected");
      } else {
        throw new ValueException("holds a PEM block that is not a CERTIFICATE");
      }
    }
    if (out.isEmpty()) {
      throw new ValueException("holds no PEM CERTIFICATE block");
    }
    return out.toString();
  }

  /** Exactly one private key, re-encoded as PKCS#8. */
  static String privateKey(String text) throws ValueException {
    List<PrivateKeyInfo> keys = new ArrayList<>();
    for (Object o : readAll(text, "private key")) {
      switch (o) {
        case PrivateKeyInfo k -> keys.add(k);
        case PEMKeyPair pair -> keys.add(pair.getPrivateKeyInfo());
        case PKCS8EncryptedPrivateKeyInfo e -> throw encrypted();
        case PEMEncryptedKeyPair e -> throw encrypted();
        case X509CertificateHolder c -> {} // a certificate next to the key is harmless
        case ASN1ObjectIdentifier curve -> {} // "EC PARAMETERS" as written by openssl ecparam
        default -> throw new ValueException("holds a PEM block that is not a private key");
      }
    }
    if (keys.isEmpty()) {
      throw new ValueException(
          "holds no private key (expected a PEM block PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE"
              + " KEY)");
    }
    if (keys.size() > 1) {
      throw new ValueException("holds more than one private key");
    }
    return pem("PRIVATE KEY", encoded(keys.get(0)));
  }

  /** Fails unless {@code keyPem} is the private key of the first certificate in {@code certPem}. */
  static void checkKeyMatches(String certPem, String keyPem) throws ValueException {
    X509CertificateHolder leaf = firstCertificate(certPem);
    PrivateKeyInfo keyInfo = (PrivateKeyInfo) readAll(keyPem, "private key").get(0);
    String keyAlg = jcaName(keyInfo.getPrivateKeyAlgorithm().getAlgorithm());
    String certAlg = jcaName(leaf.getSubjectPublicKeyInfo().getAlgorithm().getAlgorithm());
    if (keyAlg == null) {
      throw new ValueException("unsupported private key type (use an EC, RSA or Ed25519 key)");
    }
    if (!keyAlg.equals(certAlg)) {
      throw new ValueException("the private key does not belong to the certificate");
    }
    try {
      PrivateKey priv =
          KeyFactory.getInstance(keyAlg).generatePrivate(new PKCS8EncodedKeySpec(encoded(keyInfo)));
      PublicKey pub =
          KeyFactory.getInstance(certAlg)
              .generatePublic(new X509EncodedKeySpec(leaf.getSubjectPublicKeyInfo().getEncoded()));
      byte[] probe = "p2sgate key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(signatureFor(keyAlg));
      signer.initSign(priv);
      signer.update(probe);
      byte[] sig = signer.sign();
      Signature verifier = Signature.getInstance(signatureFor(keyAlg));
      verifier.initVerify(pub);
      verifier.update(probe);
      if (!verifier.verify(sig)) {
        throw new ValueException("the private key does not belong to the certificate");
      }
    } catch (GeneralSecurityException | IOException e) {
      throw new ValueException("the private key cannot be used (unsupported key or curve)");
    }
  }

  /** Warnings about a server certificate that clients are likely to reject. */
  static List<String> serverCertificateNotes(String certPem, Instant now) throws ValueException {
    X509CertificateHolder leaf = firstCertificate(certPem);
    List<String> notes = new ArrayList<>();
    if (now.isAfter(leaf.getNotAfter().toInstant())) {
      notes.add("the server certificate expired on " + leaf.getNotAfter().toInstant());
    } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
      notes.add("the server certificate is not valid before " + leaf.getNotBefore().toInstant());
    }
    ExtendedKeyUsage eku = ExtendedKeyUsage.fromExtensions(leaf.getExtensions());
    if (eku == null || !eku.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth)) {
      notes.add(
          "the server certificate lacks extendedKeyUsage serverAuth: clients configured with"
              + " 'remote-cert-tls server' will reject it");
    }
    return notes;
  }

  static String pem(String type, byte[] der) {
    String body =
        Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der).replace("\r", "");
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static X509CertificateHolder firstCertificate(String certPem) throws ValueException {
    return (X509CertificateHolder) readAll(certPem, "certificate").get(0);
  }

  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([^-\\r\\n]{1,64})-----");

  /** PEM block types that may appear in certificate and key files. */
  private static final Set<String> KNOWN_TYPES =
      Set.of(
          "CERTIFICATE",
          "X509 CERTIFICATE",
          "PRIVATE KEY",
          "EC PRIVATE KEY",
          "RSA PRIVATE KEY",
          "ENCRYPTED PRIVATE KEY",
          "EC PARAMETERS");

  private static List<Object> readAll(String text, String what) throws ValueException {
    Matcher m = BEGIN.matcher(text);
    while (m.find()) {
      if (!KNOWN_TYPES.contains(m.group(1))) {
        throw new ValueException(
            "holds a PEM block of type '" + m.group(1) + "' where a " + what + " was expected");
      }
    }
    List<Object> objects = new ArrayList<>();
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
        if (objects.size() >= 64) {
          throw new ValueException("holds too many PEM blocks");
        }
        objects.add(o);
      }
    } catch (IOException | RuntimeException e) {
      // The parser's message may quote the block; for keys that would leak material.
      throw new ValueException("holds a malformed or unsupported PEM block (" + what + ")");
    }
    return objects;
  }

  private static ValueException encrypted() {
    return new ValueException(
        "holds an encrypted private key: p2sgate cannot ask for a passphrase; decrypt it with"
            + " 'openssl pkey -in KEY -out KEY.plain' and keep the result mode 0600");
  }

  private static byte[] encoded(X509CertificateHolder cert) throws ValueException {
    try {
      return cert.getEncoded();
    } catch (IOException e) {
      throw new ValueException("holds a certificate that cannot be encoded");
    }
  }

  private static byte[] encoded(PrivateKeyInfo key) throws ValueException {
    try {
      return key.getEncoded();
    } catch (IOException e) {
      throw new ValueException("holds a private key that cannot be encoded");
    }
  }

  private static String jcaName(ASN1ObjectIdentifier oid) {
    if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
      return "RSA";
    } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
      return "EC";
    } else if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
      return "Ed25519";
    } else if (oid.equals(EdECObjectIdentifiers.id_Ed448)) {
      return "Ed448";
    }
    return null;
  }

  private static String signatureFor(String keyAlg) {
    return switch (keyAlg) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> keyAlg;
    };
  }
}
