package org.p2sgate.core.pki;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Set;

/**
 * The kind of key a certificate is issued for: ECDSA P-256 (the default) or RSA of 2048, 3072 or
 * 4096 bits. Signatures are SHA-256 with either.
 *
 * @param algorithm "EC" or "RSA" (JCA names)
 * @param bits 256 for P-256, the modulus size for RSA
 */
public record KeySpec(String algorithm, int bits) {
  /** ECDSA on NIST P-256 (secp256r1). */
  public static final KeySpec EC_P256 = new KeySpec("EC", 256);

  /** The RSA sizes offered; below 2048 is refused by current clients, above 4096 only slow. */
  public static final Set<Integer> RSA_SIZES = Set.of(2048, 3072, 4096);

  public KeySpec {
    boolean ok =
        algorithm.equals("EC") && bits == 256
            || algorithm.equals("RSA") && RSA_SIZES.contains(bits);
    if (!ok) {
      throw new IllegalArgumentException(
          "key must be EC P-256 or RSA 2048, 3072 or 4096, got " + algorithm + " " + bits);
    }
  }

  /** RSA of {@code bits} (2048, 3072 or 4096). */
  public static KeySpec rsa(int bits) {
    return new KeySpec("RSA", bits);
  }

  /** The spec of an existing key (P-256 is assumed for EC: the only curve this PKI issues). */
  static KeySpec of(Key key) {
    return key instanceof RSAKey rsa ? rsa(rsa.getModulus().bitLength()) : EC_P256;
  }

  KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      if (algorithm.equals("EC")) {
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
      } else {
        g.initialize(bits, random);
      }
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot generate " + this + " keys", e);
    }
  }

  /** The signature algorithm a key of this kind signs certificates and CRLs with. */
  static String signatureAlgorithm(Key signingKey) {
    return switch (signingKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC", "ECDSA" -> "SHA256withECDSA";
      default ->
          throw new IllegalArgumentException(
              "cannot sign with a " + signingKey.getAlgorithm() + " key (use EC or RSA)");
    };
  }

  @Override
  public String toString() {
    return algorithm.equals("EC") ? "ECDSA P-256" : "RSA " + bits;
  }
}
