package org.p2sgate.core.crypto;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/** Keys, packet builders and an independent (not in place) JCE computation for the tests. */
final class Fixtures {
  static final byte[] IV = hex("a0a1a2a3a4a5a6a7");

  /** OpenVPN's ping payload (wire doc 9.1). */
  static final byte[] PING = hex("2a187bf3641eb4cb07ed2d0a981fc748");

  private Fixtures() {}

  /** 00 01 02 ... of the cipher's key length. */
  static byte[] key(CipherKind kind) {
    byte[] k = new byte[kind.keyLength()];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) i;
    }
    return k;
  }

  static DataSealer sealer(CipherKind kind) {
    return new DataSealer(kind, key(kind), IV);
  }

  static DataOpener opener(CipherKind kind) {
    return new DataOpener(kind, key(kind), IV, new ReplayWindow());
  }

  static byte[] random(Random rnd, int len) {
    byte[] b = new byte[len];
    rnd.nextBytes(b);
    return b;
  }

  /** A buffer with {@code head} bytes before the packet, plaintext after the overhead, tailroom. */
  static byte[] withPlaintext(int head, int overhead, byte[] plain) {
    byte[] buf = new byte[head + overhead + plain.length + AeadLayout.TAG_LENGTH];
    Arrays.fill(buf, (byte) 0x5A);
    System.arraycopy(plain, 0, buf, head + overhead, plain.length);
    return buf;
  }

  /** Seals a V2 packet and returns exactly its bytes. */
  static byte[] sealV2(DataSealer sealer, byte[] plain, int keyId, int peerId) {
    byte[] buf = withPlaintext(0, AeadLayout.V2_OVERHEAD, plain);
    int n = sealer.sealV2(buf, 0, plain.length, keyId, peerId);
    return Arrays.copyOf(buf, n);
  }

  /** Seals a V1 packet and returns exactly its bytes. */
  static byte[] sealV1(DataSealer sealer, byte[] plain, int keyId) {
    byte[] buf = withPlaintext(0, AeadLayout.V1_OVERHEAD, plain);
    int n = sealer.sealV1(buf, 0, plain.length, keyId);
    return Arrays.copyOf(buf, n);
  }

  /**
   * The expected packet computed the straightforward way: fresh arrays, a fresh Cipher, {@code
   * header || tag || ciphertext} assembled by hand.
   */
  static byte[] expectedPacket(
      CipherKind kind, byte[] key, byte[] header, int aadFrom, long packetId, byte[] plain)
      throws Exception {
    byte[] nonce = new byte[12];
    AeadLayout.putU32(nonce, 0, packetId);
    System.arraycopy(IV, 0, nonce, 4, 8);
    Cipher c = Cipher.getInstance(kind.transformation());
    c.init(
        Cipher.ENCRYPT_MODE, new SecretKeySpec(key, kind.keyAlgorithm()), kind.parameters(nonce));
    c.updateAAD(Arrays.copyOfRange(header, aadFrom, header.length));
    byte[] ctTag = c.doFinal(plain.clone());
    byte[] out = new byte[header.length + ctTag.length];
    System.arraycopy(header, 0, out, 0, header.length);
    System.arraycopy(ctTag, plain.length, out, header.length, 16);
    System.arraycopy(ctTag, 0, out, header.length + 16, plain.length);
    return out;
  }

  static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }
}
