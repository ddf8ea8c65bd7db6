package org.p2sgate.core.keyexchange;

import java.util.Arrays;

/**
 * A 256-byte data-channel key block in {@code key2} layout (wire doc 6): {@code keys[0]} is
 * client-to-server, {@code keys[1]} server-to-client, each {@code cipher[64] || hmac[64]}. The
 * implicit AEAD IV is the first 8 bytes of a direction's hmac part (6.3).
 */
public final class Key2 {
  public static final int SIZE = 256;
  private final byte[] block;

  public Key2(byte[] block) {
    if (block.length != SIZE) {
      throw new IllegalArgumentException("key2 must be 256 bytes");
    }
    this.block = block;
  }

  /** The server's receive key: keys[0].cipher[0:keyLen]. */
  public byte[] clientToServerCipher(int keyLen) {
    return Arrays.copyOfRange(block, 0, keyLen);
  }

  public byte[] clientToServerIv() {
    return Arrays.copyOfRange(block, 64, 72);
  }

  /** The server's send key: keys[1].cipher[0:keyLen]. */
  public byte[] serverToClientCipher(int keyLen) {
    return Arrays.copyOfRange(block, 128, 128 + keyLen);
  }

  public byte[] serverToClientIv() {
    return Arrays.copyOfRange(block, 192, 200);
  }

  /** The reference rejects a block whose cipher key part is all zeros (wire doc 6). */
  public boolean isDegenerate(int keyLen) {
    return allZero(0, keyLen) || allZero(128, keyLen);
  }

  private boolean allZero(int off, int len) {
    int acc = 0;
    for (int i = off; i < off + len; i++) {
      acc |= block[i];
    }
    return acc == 0;
  }

  public void wipe() {
    Arrays.fill(block, (byte) 0);
  }

  @Override
  public String toString() {
    return "Key2[256 bytes]";
  }
}
