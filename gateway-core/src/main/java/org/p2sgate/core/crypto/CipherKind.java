package org.p2sgate.core.crypto;

import java.security.spec.AlgorithmParameterSpec;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The AEAD data-channel ciphers an OpenVPN 2.6 peer negotiates (wire doc section 7.1), named as
 * OpenVPN names them in {@code data-ciphers} and {@code cipher}.
 */
public enum CipherKind {
  AES_128_GCM("AES-128-GCM", 16, "AES/GCM/NoPadding", "AES"),
  AES_256_GCM("AES-256-GCM", 32, "AES/GCM/NoPadding", "AES"),
  CHACHA20_POLY1305("CHACHA20-POLY1305", 32, "ChaCha20-Poly1305", "ChaCha20");

  private final String openvpnName;
  private final int keyLength;
  private final String transformation;
  private final String keyAlgorithm;

  CipherKind(String openvpnName, int keyLength, String transformation, String keyAlgorithm) {
    this.openvpnName = openvpnName;
    this.keyLength = keyLength;
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
  }

  /** The name OpenVPN prints and accepts, e.g. {@code "AES-256-GCM"}. */
  public String openvpnName() {
    return openvpnName;
  }

  /** Cipher key length in bytes: the first {@code keyLength} bytes of a key2 cipher part. */
  public int keyLength() {
    return keyLength;
  }

  /** Looks a cipher up by its OpenVPN name, ignoring case as OpenVPN does. Empty if unknown. */
  public static Optional<CipherKind> fromOpenVpnName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String upper = name.trim().toUpperCase(Locale.ROOT);
    for (CipherKind kind : values()) {
      if (kind.openvpnName.equals(upper)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** The JCE transformation, e.g. {@code "AES/GCM/NoPadding"}. */
  String transformation() {
    return transformation;
  }

  /** The JCE key algorithm name, {@code "AES"} or {@code "ChaCha20"}. */
  String keyAlgorithm() {
    return keyAlgorithm;
  }

  /** JCE parameters for one packet; the spec copies {@code nonce}. */
  AlgorithmParameterSpec parameters(byte[] nonce) {
    return this == CHACHA20_POLY1305
        ? new IvParameterSpec(nonce)
        : new GCMParameterSpec(AeadLayout.TAG_LENGTH * 8, nonce);
  }
}
