package org.p2sgate.core.tls;

import java.io.IOException;
import java.io.StringReader;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The server's certificate chain and private key, loaded from PEM text.
 *
 * @param chain leaf first
 * @param key the private key (secret: never logged; {@link #toString()} omits it)
 */
public record ServerCredentials(X509Certificate[] chain, PrivateKey key) {
  /**
   * An EC key becomes BouncyCastle's own type, which signs three times faster ({@link TlsCrypto}).
   */
  public ServerCredentials {
    key = TlsCrypto.forSigning(key);
  }

  public boolean isEc() {
    return key instanceof ECPrivateKey;
  }

  public boolean isRsa() {
    return key instanceof RSAPrivateKey;
  }

  /** Parses certificates from PEM text (one or more CERTIFICATE blocks). */
  public static List<X509Certificate> parseCertificates(String pem) throws IOException {
    List<X509Certificate> out = new ArrayList<>();
    JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o;
      while ((o = p.readObject()) != null) {
        if (o instanceof X509CertificateHolder h) {
          out.add(conv.getCertificate(h));
        }
      }
    } catch (CertificateException e) {
      throw new IOException("bad certificate: " + e.getMessage(), e);
    }
    return out;
  }

  /** Loads the chain and key; messages never contain key material. */
  public static ServerCredentials load(String certPem, String keyPem) throws IOException {
    List<X509Certificate> chain = parseCertificates(certPem);
    if (chain.isEmpty()) {
      throw new IOException("server certificate file holds no CERTIFICATE block");
    }
    PrivateKey key = null;
    JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
    try (PEMParser p = new PEMParser(new StringReader(keyPem))) {
      Object o;
      while (key == null && (o = p.readObject()) != null) {
        if (o instanceof PEMKeyPair kp) {
          key = conv.getPrivateKey(kp.getPrivateKeyInfo());
        } else if (o instanceof PrivateKeyInfo pki) {
          key = conv.getPrivateKey(pki);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("server private key does not parse (PEM PKCS#8, EC or RSA expected)");
    }
    if (key == null) {
      throw new IOException(
          "server key file holds no unencrypted PRIVATE KEY block (encrypted keys are not supported)");
    }
    if (!(key instanceof ECPrivateKey) && !(key instanceof RSAPrivateKey)) {
      throw new IOException("server key must be EC or RSA, got " + key.getAlgorithm());
    }
    return new ServerCredentials(chain.toArray(X509Certificate[]::new), key);
  }

  @Override
  public String toString() {
    return "ServerCredentials["
        + chain[0].getSubjectX500Principal()
        + ", "
        + key.getAlgorithm()
        + "]";
  }
}
