package org.p2sgate.core.crypto;

import java.io.NotSerializableException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A RAW secret key whose bytes this package owns and can zero.
 *
 * <p>{@code SecretKeySpec} would do for the JCE, but its {@code destroy()} throws {@code
 * DestroyFailedException} (JDK 21 and 25), so its copy of the key could never be zeroed when a
 * session ends. The JCE reads this key only through {@link #getEncoded()}, which hands out a copy
 * that SunJCE zeroes itself.
 */
public final class RawKey implements SecretKey {
  @Serial private static final long serialVersionUID = 1L;

  private final String algorithm;
  private final byte[] key;
  private boolean destroyed;

  /** Holds a copy of {@code key}. */
  public RawKey(String algorithm, byte[] key) {
    this.algorithm = algorithm;
    this.key = key.clone();
  }

  @Override
  public String getAlgorithm() {
    return algorithm;
  }

  @Override
  public String getFormat() {
    return "RAW";
  }

  @Override
  public byte[] getEncoded() {
    if (destroyed) {
      throw new IllegalStateException("key destroyed");
    }
    return key.clone();
  }

  @Override
  public void destroy() {
    Arrays.fill(key, (byte) 0);
    destroyed = true;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /** True if every key byte is zero (tests use this to prove {@link #destroy()} worked). */
  boolean isZeroed() {
    for (byte b : key) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "RawKey[" + algorithm + ", " + key.length + " bytes]";
  }

  @Serial
  private Object writeReplace() throws ObjectStreamException {
    throw new NotSerializableException("key material is not serializable");
  }
}
