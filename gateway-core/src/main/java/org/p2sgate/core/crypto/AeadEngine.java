package org.p2sgate.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * One direction's AEAD key, implicit IV and cached {@link Cipher}: the part {@link DataSealer} and
 * {@link DataOpener} share. Not thread safe: one owner at a time.
 */
final class AeadEngine {
  private final CipherKind kind;
  private final RawKey key;

  /** [0, 4): packet id of the current packet; [4, 12): implicit IV. */
  private final byte[] nonce = new byte[AeadLayout.NONCE_LENGTH];

  private final Cipher cipher;
  private boolean destroyed;

  AeadEngine(CipherKind kind, byte[] cipherKey, byte[] implicitIv) {
    Objects.requireNonNull(kind, "kind");
    if (cipherKey.length != kind.keyLength()) {
      throw new IllegalArgumentException(
          kind.openvpnName()
              + " needs a "
              + kind.keyLength()
              + "-byte key, got "
              + cipherKey.length);
    }
    if (implicitIv.length != AeadLayout.IMPLICIT_IV_LENGTH) {
      throw new IllegalArgumentException("implicit IV must be 8 bytes, got " + implicitIv.length);
    }
    this.kind = kind;
    this.key = new RawKey(kind.keyAlgorithm(), cipherKey);
    System.arraycopy(
        implicitIv, 0, nonce, AeadLayout.PACKET_ID_LENGTH, AeadLayout.IMPLICIT_IV_LENGTH);
    this.cipher = newCipher(kind.transformation());
  }

  /**
   * SunJCE by name: it is the fast one (platform notes 2d) and must win even if a slower provider
   * such as BouncyCastle was inserted ahead of it. Falls back to the default provider order.
   */
  private static Cipher newCipher(String transformation) {
    try {
      return Cipher.getInstance(transformation, "SunJCE");
    } catch (GeneralSecurityException e) {
      try {
        return Cipher.getInstance(transformation);
      } catch (GeneralSecurityException e2) {
        e2.addSuppressed(e);
        throw new IllegalStateException(transformation + " is not available", e2);
      }
    }
  }

  CipherKind kind() {
    return kind;
  }

  /**
   * Initialises the cached cipher for one packet with nonce = the 4 packet-id bytes at {@code
   * buf[pidOff]} || implicit IV. Callers check {@link #isDestroyed()} first.
   */
  Cipher begin(int opmode, byte[] buf, int pidOff) throws GeneralSecurityException {
    System.arraycopy(buf, pidOff, nonce, 0, AeadLayout.PACKET_ID_LENGTH);
    cipher.init(opmode, key, kind.parameters(nonce));
    return cipher;
  }

  boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Zeroes the key and the implicit IV, then re-keys the cached cipher with an all-zero key so
   * SunJCE overwrites the copies of the real key it keeps (it zeroes the old ones on re-init).
   * Idempotent.
   */
  void destroy() {
    if (destroyed) {
      return;
    }
    destroyed = true;
    key.destroy();
    Arrays.fill(nonce, (byte) 0);
    RawKey zero = new RawKey(kind.keyAlgorithm(), new byte[kind.keyLength()]);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, zero, kind.parameters(nonce));
    } catch (GeneralSecurityException | RuntimeException e) {
      // best effort: the key copies this class owns are already zero
    }
  }

  /** True if the key and IV copies held here are all zero. */
  boolean isZeroed() {
    for (byte b : nonce) {
      if (b != 0) {
        return false;
      }
    }
    return key.isZeroed();
  }
}
