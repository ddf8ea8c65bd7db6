package org.p2sgate.bench.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.p2sgate.bench.AbstractBenchmark;

/**
 * The public-key operations of one server-side TLS handshake, with the JDK's SunEC ({@code
 * provider=jdk}) against BouncyCastle's provider ({@code provider=bc}), each through the JCA as
 * bctls calls them: the server's ECDSA P-256 signature, the check of the client's CertificateVerify
 * (ECDSA P-256), and an ephemeral key agreement with X25519 or P-256 (a new key pair and the shared
 * secret). This is what chose BouncyCastle for the elliptic curves in {@code
 * org.p2sgate.core.tls.TlsCrypto}.
 *
 * <p>Set-up fails unless a signature made by one provider verifies with the other and both agree on
 * the same X25519 secret.
 */
@State(Scope.Thread)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
public class HandshakeCryptoBenchmark extends AbstractBenchmark {
  private static final Provider BC = new BouncyCastleProvider();

  @Param({"jdk", "bc"})
  public String provider;

  private final byte[] transcriptHash = new byte[48];
  private KeyPair ecdsa;
  private byte[] signature;
  private KeyPairGenerator p256;
  private KeyPairGenerator x25519;
  private KeyPair peerP256;
  private KeyPair peerX25519;

  @Setup
  public void setUp() throws GeneralSecurityException {
    p256 = keyPairGenerator("EC");
    p256.initialize(new ECGenParameterSpec("secp256r1"));
    x25519 = keyPairGenerator("X25519");
    ecdsa = p256.generateKeyPair();
    peerP256 = p256.generateKeyPair();
    peerX25519 = x25519.generateKeyPair();
    signature = sign();
    crossCheck();
  }

  @Benchmark
  public byte[] ecdsaP256Sign() throws GeneralSecurityException {
    return sign();
  }

  @Benchmark
  public boolean ecdsaP256Verify() throws GeneralSecurityException {
    Signature s = signature("SHA256withECDSA");
    s.initVerify(ecdsa.getPublic());
    s.update(transcriptHash);
    return s.verify(signature);
  }

  @Benchmark
  public byte[] x25519KeyPairAndAgree() throws GeneralSecurityException {
    return agree("X25519", x25519.generateKeyPair(), peerX25519);
  }

  @Benchmark
  public byte[] p256KeyPairAndAgree() throws GeneralSecurityException {
    return agree("ECDH", p256.generateKeyPair(), peerP256);
  }

  private byte[] sign() throws GeneralSecurityException {
    Signature s = signature("SHA256withECDSA");
    s.initSign(ecdsa.getPrivate());
    s.update(transcriptHash);
    return s.sign();
  }

  private byte[] agree(String algorithm, KeyPair mine, KeyPair peer)
      throws GeneralSecurityException {
    KeyAgreement ka =
        "bc".equals(provider)
            ? KeyAgreement.getInstance(algorithm, BC)
            : KeyAgreement.getInstance(algorithm);
    ka.init(mine.getPrivate());
    ka.doPhase(peer.getPublic(), true);
    return ka.generateSecret();
  }

  private Signature signature(String algorithm) throws GeneralSecurityException {
    return "bc".equals(provider)
        ? Signature.getInstance(algorithm, BC)
        : Signature.getInstance(algorithm);
  }

  private KeyPairGenerator keyPairGenerator(String algorithm) throws GeneralSecurityException {
    return "bc".equals(provider)
        ? KeyPairGenerator.getInstance(algorithm, BC)
        : KeyPairGenerator.getInstance(algorithm);
  }

  /** Both providers must accept each other's signatures and agree on the same secret. */
  private void crossCheck() throws GeneralSecurityException {
    Signature jdk = Signature.getInstance("SHA256withECDSA");
    jdk.initVerify(ecdsa.getPublic());
    jdk.update(transcriptHash);
    Signature bc = Signature.getInstance("SHA256withECDSA", BC);
    bc.initVerify(ecdsa.getPublic());
    bc.update(transcriptHash);
    if (!jdk.verify(signature) || !bc.verify(signature)) {
      throw new IllegalStateException("a " + provider + " signature does not verify everywhere");
    }
    KeyPair mine = x25519.generateKeyPair();
    // each provider takes the keys in its own types: hand them over encoded
    java.security.spec.PKCS8EncodedKeySpec priv =
        new java.security.spec.PKCS8EncodedKeySpec(mine.getPrivate().getEncoded());
    java.security.spec.X509EncodedKeySpec pub =
        new java.security.spec.X509EncodedKeySpec(peerX25519.getPublic().getEncoded());
    java.security.KeyFactory jdkKeys = java.security.KeyFactory.getInstance("X25519");
    java.security.KeyFactory bcKeys = java.security.KeyFactory.getInstance("X25519", BC);
    KeyAgreement a = KeyAgreement.getInstance("X25519");
    a.init(jdkKeys.generatePrivate(priv));
    a.doPhase(jdkKeys.generatePublic(pub), true);
    KeyAgreement b = KeyAgreement.getInstance("X25519", BC);
    b.init(bcKeys.generatePrivate(priv));
    b.doPhase(bcKeys.generatePublic(pub), true);
    if (!java.util.Arrays.equals(a.generateSecret(), b.generateSecret())) {
      throw new IllegalStateException("X25519 secrets differ between the providers");
    }
  }
}
