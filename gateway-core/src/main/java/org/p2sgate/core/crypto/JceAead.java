package org.p2sgate.core.crypto;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;

/**
 * {@link Aead} on SunJCE: a cached {@link Cipher} initialised per packet. Runs on every JDK; each
 * {@code Cipher.init} makes a new GCM engine and parameter spec (about 1 KB per packet).
 */
final class JceAead implements Aead {
  /** Makes {@link JceAead}s. */
  static final Aead.Factory FACTORY =
      new Aead.Factory() {
        @Override
        public Aead create(CipherKind kind, byte[] cipherKey, byte[] implicitIv) {
          return new JceAead(kind, cipherKey, implicitIv);
        }

        @Override
        public String describe() {
          return "SunJCE";
        }
      };

  private final CipherKind kind;
  private final RawKey key;

  /** [0, 4): packet id of the current packet; [4, 12): implicit IV. */
  private final byte[] nonce = new byte[AeadLayout.NONCE_LENGTH];

  private final Cipher cipher;
  private boolean destroyed;

  JceAead(CipherKind kind, byte[] cipherKey, byte[] implicitIv) {
    Aead.checkKeys(kind, cipherKey, implicitIv);
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

  @Override
  public CipherKind kind() {
    return kind;
  }

  /** The cached cipher, initialised for one packet with its nonce. */
  private Cipher begin(int opmode, byte[] buf, int pidOff) throws GeneralSecurityException {
    System.arraycopy(buf, pidOff, nonce, 0, AeadLayout.PACKET_ID_LENGTH);
    cipher.init(opmode, key, kind.parameters(nonce));
    return cipher;
  }

  @Override
  public void seal(byte[] buf, int aadOff, int aadLen, int pidOff, int ctOff, int len, int tagOff) {
    try {
      Cipher c = begin(Cipher.ENCRYPT_MODE, buf, pidOff);
      c.updateAAD(buf, aadOff, aadLen);
      // ciphertext || tag over the plaintext and its tailroom, then the tag to its place
      int n = c.doFinal(buf, ctOff, len, buf, ctOff);
      if (n != len + AeadLayout.TAG_LENGTH) {
        throw new IllegalStateException("AEAD output is " + n + " bytes, expected more");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AEAD seal failed", e);
    }
    System.arraycopy(buf, ctOff + len, buf, tagOff, AeadLayout.TAG_LENGTH);
  }

  @Override
  public int open(byte[] buf, int aadOff, int aadLen, int pidOff, int ctOff, int len, int tagOff) {
    try {
      Cipher c = begin(Cipher.DECRYPT_MODE, buf, pidOff);
      c.updateAAD(buf, aadOff, aadLen);
      int n;
      if (buf.length - (ctOff + len) >= AeadLayout.TAG_LENGTH) {
        // tailroom: the tag goes behind the ciphertext and one doFinal opens in place (the JCE
        // verifies the tag before it writes plaintext), without buffering or copying the packet
        System.arraycopy(buf, tagOff, buf, ctOff + len, AeadLayout.TAG_LENGTH);
        n = c.doFinal(buf, ctOff, len + AeadLayout.TAG_LENGTH, buf, ctOff);
      } else {
        // none: the JCE sees ciphertext, then the tag; it buffers the ciphertext until doFinal
        n = c.update(buf, ctOff, len, buf, ctOff);
        n += c.doFinal(buf, tagOff, AeadLayout.TAG_LENGTH, buf, ctOff + n);
      }
      return n == len ? len : OpenFailure.CIPHER_FAILURE.code();
    } catch (AEADBadTagException e) {
      return OpenFailure.BAD_TAG.code();
    } catch (GeneralSecurityException | RuntimeException e) {
      return OpenFailure.CIPHER_FAILURE.code();
    }
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Zeroes the key and the implicit IV, then re-keys the cached cipher with an all-zero key so
   * SunJCE overwrites the copies of the real key it keeps (it zeroes the old ones on re-init).
   * Idempotent.
   */
  @Override
  public void destroy() {
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

  @Override
  public boolean isZeroed() {
    for (byte b : nonce) {
      if (b != 0) {
        return false;
      }
    }
    return key.isZeroed();
  }
}
