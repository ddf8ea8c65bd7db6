package org.p2sgate.core.crypto;

/**
 * One direction's AEAD key and implicit IV, sealing and opening in place: what {@link DataSealer}
 * and {@link DataOpener} share. The nonce of a packet is its 4 packet-id bytes followed by the
 * 8-byte implicit IV (wire doc 7.1). Two implementations: {@link JceAead} (SunJCE, any JDK) and
 * {@code OpenSslAead} (libcrypto through the FFM API, JDK 22+, chosen by {@link Aeads}). Not thread
 * safe: one owner at a time.
 */
interface Aead {
  CipherKind kind();

  /**
   * Encrypts {@code buf[ctOff, ctOff+len)} in place, authenticating {@code buf[aadOff,
   * aadOff+aadLen)} too, and writes the 16-byte tag at {@code buf[tagOff]}. The {@value
   * AeadLayout#TAG_LENGTH} bytes after the plaintext may be used as scratch. Callers check {@link
   * #isDestroyed()} first.
   *
   * @throws IllegalStateException if the cipher library fails (never for any input)
   */
  void seal(byte[] buf, int aadOff, int aadLen, int pidOff, int ctOff, int len, int tagOff);

  /**
   * Decrypts {@code buf[ctOff, ctOff+len)} in place if the tag at {@code buf[tagOff]} verifies; the
   * {@value AeadLayout#TAG_LENGTH} bytes after the ciphertext, where the buffer has them, may be
   * used as scratch. Never throws on what the peer sent.
   *
   * @return {@code len}, or {@link OpenFailure#BAD_TAG} or {@link OpenFailure#CIPHER_FAILURE}'s
   *     code
   */
  int open(byte[] buf, int aadOff, int aadLen, int pidOff, int ctOff, int len, int tagOff);

  boolean isDestroyed();

  /** Zeroes and releases the key and the implicit IV. Idempotent. */
  void destroy();

  /** True if the key and IV copies held here are all zero (or released). */
  boolean isZeroed();

  /**
   * Checks a key and implicit IV for {@code kind}, as every implementation's constructor must.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static void checkKeys(CipherKind kind, byte[] cipherKey, byte[] implicitIv) {
    java.util.Objects.requireNonNull(kind, "kind");
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
  }

  /** Makes {@link Aead}s of one implementation. */
  interface Factory {
    /**
     * @param cipherKey exactly {@code kind.keyLength()} bytes (copied)
     * @param implicitIv exactly 8 bytes (copied)
     */
    Aead create(CipherKind kind, byte[] cipherKey, byte[] implicitIv);

    /** What it is, for the start-up log: e.g. {@code "OpenSSL 3.0.13 (FFM)"}. */
    String describe();
  }
}
