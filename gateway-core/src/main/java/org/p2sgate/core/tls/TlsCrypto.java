package org.p2sgate.core.tls;

import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Locale;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jcajce.util.DefaultJcaJceHelper;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * The one bctls crypto every TLS session of the gateway uses: BouncyCastle's provider for the
 * elliptic-curve work (ECDSA, ECDH, X25519/X448, EdDSA), the JDK's providers (SunJCE, SunRsaSign:
 * the intrinsic-backed ones) for the rest, and BouncyCastle's again for the signature names bctls
 * asks for that the JDK does not know.
 *
 * <p>Why elliptic curves from BouncyCastle: measured on these machines (JDK 25, no AVX-512),
 * bcprov's P-256 signs 2.2 times, verifies 7.7 times, and agrees X25519 1.9 times and P-256 ECDH 4
 * times faster than the JDK's SunEC ({@code HandshakeCryptoBenchmark}); together that was most of
 * the server's CPU per handshake. AES-GCM and ChaCha20 stay with the JDK, which is many times
 * faster there ({@code AeadProviderBenchmark}).
 *
 * <p>Why the fallback: bctls names RSASSA-PSS signatures {@code SHA256WITHRSAANDMGF1} / {@code
 * SHA256WITHRSASSA-PSS}, which no JDK provider registers. With the JDK providers alone, every
 * handshake with an RSA server key (TLS 1.3 always signs with PSS, and OpenSSL clients prefer it in
 * 1.2) or an RSA client certificate failed with {@code internal_error(80)}.
 */
public final class TlsCrypto {
  private static final JcaTlsCrypto INSTANCE = create(new SecureRandom());

  private TlsCrypto() {}

  /** The shared crypto (thread safe: bctls creates per-operation objects from it). */
  public static JcaTlsCrypto shared() {
    return INSTANCE;
  }

  /** A crypto with its own randomness (tests give a seeded one). */
  public static JcaTlsCrypto create(SecureRandom random) {
    return new JcaTlsCrypto(new Providers(), random, random) {};
  }

  /**
   * {@code key} as BouncyCastle's own key type when it is an EC key from another provider (the
   * JDK's, from PEM): BouncyCastle signs with a foreign EC key three times slower, because it
   * rebuilds the curve's precomputed tables for it at every signature. Other keys, and keys that
   * cannot be exported (a hardware token's), are returned as they are.
   */
  public static PrivateKey forSigning(PrivateKey key) {
    if (!(key instanceof java.security.interfaces.ECPrivateKey)
        || key.getClass().getName().startsWith("org.bouncycastle.")
        || key.getEncoded() == null) {
      return key;
    }
    try {
      return KeyFactory.getInstance("EC", Providers.BC)
          .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
    } catch (java.security.GeneralSecurityException e) {
      return key; // slower, still correct
    }
  }

  /** Whether {@code algorithm} is elliptic-curve work, which BouncyCastle does faster. */
  static boolean elliptic(String algorithm) {
    String a = algorithm.toUpperCase(Locale.ROOT);
    return a.contains("ECDSA")
        || a.equals("EC")
        || a.equals("ECDH")
        || a.equals("XDH")
        || a.startsWith("X25519")
        || a.startsWith("X448")
        || a.startsWith("ED25519")
        || a.startsWith("ED448");
  }

  /**
   * Elliptic curves from BouncyCastle; the rest from the JDK, then BouncyCastle. Certificates from
   * the peer are parsed by BouncyCastle too, so that their public keys are its own type (it
   * verifies with a foreign EC key 2.5 times slower); the client's chain is parsed again by the JDK
   * for the PKIX check ({@code PeerVerifier}).
   */
  private static final class Providers extends DefaultJcaJceHelper {
    static final Provider BC = new BouncyCastleProvider();

    @Override
    public java.security.cert.CertificateFactory createCertificateFactory(String type)
        throws java.security.cert.CertificateException {
      return "X.509".equalsIgnoreCase(type)
          ? java.security.cert.CertificateFactory.getInstance(type, BC)
          : super.createCertificateFactory(type);
    }

    @Override
    public Signature createSignature(String algorithm) throws NoSuchAlgorithmException {
      if (elliptic(algorithm)) {
        return Signature.getInstance(algorithm, BC);
      }
      try {
        return super.createSignature(algorithm);
      } catch (NoSuchAlgorithmException e) {
        return Signature.getInstance(algorithm, BC);
      }
    }

    @Override
    public KeyAgreement createKeyAgreement(String algorithm) throws NoSuchAlgorithmException {
      return elliptic(algorithm)
          ? KeyAgreement.getInstance(algorithm, BC)
          : super.createKeyAgreement(algorithm);
    }

    @Override
    public KeyPairGenerator createKeyPairGenerator(String algorithm)
        throws NoSuchAlgorithmException {
      return elliptic(algorithm)
          ? KeyPairGenerator.getInstance(algorithm, BC)
          : super.createKeyPairGenerator(algorithm);
    }

    @Override
    public KeyFactory createKeyFactory(String algorithm) throws NoSuchAlgorithmException {
      return elliptic(algorithm)
          ? KeyFactory.getInstance(algorithm, BC)
          : super.createKeyFactory(algorithm);
    }

    @Override
    public AlgorithmParameters createAlgorithmParameters(String algorithm)
        throws NoSuchAlgorithmException {
      return elliptic(algorithm)
          ? AlgorithmParameters.getInstance(algorithm, BC)
          : super.createAlgorithmParameters(algorithm);
    }
  }
}
