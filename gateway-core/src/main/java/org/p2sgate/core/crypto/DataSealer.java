package org.p2sgate.core.crypto;

import static org.p2sgate.core.crypto.AeadLayout.PACKET_ID_MAX;
import static org.p2sgate.core.crypto.AeadLayout.PACKET_ID_WRAP_TRIGGER;
import static org.p2sgate.core.crypto.AeadLayout.TAG_LENGTH;
import static org.p2sgate.core.crypto.AeadLayout.V1_OVERHEAD;
import static org.p2sgate.core.crypto.AeadLayout.V2_OVERHEAD;

import java.util.Objects;

/**
 * Seals data packets of one key state in the send direction, in place (wire doc 7.1).
 *
 * <p>The caller puts the plaintext after {@link AeadLayout#V2_OVERHEAD} (or {@link
 * AeadLayout#V1_OVERHEAD}) bytes of headroom and leaves {@link AeadLayout#TAG_LENGTH} bytes of
 * tailroom after it (scratch for the cipher). The ciphertext goes over the plaintext and the tag
 * into the header, so the packet ends where the plaintext ended.
 *
 * <p>Packet ids start at 1 and go up by one per packet; they never wrap. Once the counter is
 * exhausted the seal methods return {@link #NO_PACKET_ID}; {@link #wantsRenegotiation()} turns true
 * well before that, at {@link AeadLayout#PACKET_ID_WRAP_TRIGGER}.
 *
 * <p>Not thread safe: one owner at a time (the sequential packet-id stage of the TX pipeline).
 */
public final class DataSealer {
  /** Returned by the seal methods when no packet may be sealed: ids exhausted, or destroyed. */
  public static final int NO_PACKET_ID = -1;

  private final Aead engine;
  private long lastPacketId;

  /**
   * @param cipherKey exactly {@code kind.keyLength()} bytes (copied)
   * @param implicitIv exactly 8 bytes (copied)
   */
  public DataSealer(CipherKind kind, byte[] cipherKey, byte[] implicitIv) {
    this.engine = Aeads.create(kind, cipherKey, implicitIv);
  }

  /**
   * Seals a P_DATA_V2 packet in place. Plaintext at {@code buf[off+24, off+24+plainLen)}, 16 free
   * bytes after it.
   *
   * @return the packet length {@code 24 + plainLen}, written at {@code buf[off]}, or {@link
   *     #NO_PACKET_ID}
   * @throws IllegalArgumentException if {@code plainLen < 1} or key_id/peer-id is out of range
   * @throws IndexOutOfBoundsException if headroom or tailroom is missing
   */
  public int sealV2(byte[] buf, int off, int plainLen, int keyId, int peerId) {
    checkKeyId(keyId);
    if ((peerId & ~AeadLayout.MAX_PEER_ID) != 0) {
      throw new IllegalArgumentException("peer-id out of range: " + peerId);
    }
    checkRoom(buf, off, V2_OVERHEAD, plainLen);
    long id = nextPacketId();
    if (id < 0) {
      return NO_PACKET_ID;
    }
    buf[off] = (byte) (AeadLayout.P_DATA_V2 << 3 | keyId);
    buf[off + 1] = (byte) (peerId >>> 16);
    buf[off + 2] = (byte) (peerId >>> 8);
    buf[off + 3] = (byte) peerId;
    AeadLayout.putU32(buf, off + 4, id);
    seal(buf, off, 8, off + 4, off + 8, off + V2_OVERHEAD, plainLen);
    return V2_OVERHEAD + plainLen;
  }

  /**
   * Seals a P_DATA_V1 packet in place. Plaintext at {@code buf[off+21, off+21+plainLen)}, 16 free
   * bytes after it. The AAD is the packet id only; the opcode byte is not authenticated.
   *
   * @return the packet length {@code 21 + plainLen}, or {@link #NO_PACKET_ID}
   */
  public int sealV1(byte[] buf, int off, int plainLen, int keyId) {
    checkKeyId(keyId);
    checkRoom(buf, off, V1_OVERHEAD, plainLen);
    long id = nextPacketId();
    if (id < 0) {
      return NO_PACKET_ID;
    }
    buf[off] = (byte) (AeadLayout.P_DATA_V1 << 3 | keyId);
    AeadLayout.putU32(buf, off + 1, id);
    seal(buf, off + 1, 4, off + 1, off + 5, off + V1_OVERHEAD, plainLen);
    return V1_OVERHEAD + plainLen;
  }

  /** True once the last packet id reached {@code PACKET_ID_WRAP_TRIGGER} (0xFF000000). */
  public boolean wantsRenegotiation() {
    return lastPacketId >= PACKET_ID_WRAP_TRIGGER;
  }

  /** The id of the last sealed packet; 0 before the first. */
  public long lastPacketId() {
    return lastPacketId;
  }

  public CipherKind kind() {
    return engine.kind();
  }

  /** Zeroes the key material held here; later seals return {@link #NO_PACKET_ID}. Idempotent. */
  public void destroy() {
    engine.destroy();
  }

  boolean isZeroed() {
    return engine.isZeroed();
  }

  /** Test hook: pretend {@code id} was the last id sent. */
  void setLastPacketIdForTest(long id) {
    lastPacketId = id;
  }

  private long nextPacketId() {
    if (engine.isDestroyed() || lastPacketId >= PACKET_ID_MAX) {
      return NO_PACKET_ID;
    }
    // consumed before sealing: a nonce is never reused, even if the cipher fails half-way
    return ++lastPacketId;
  }

  private void seal(
      byte[] buf, int aadOff, int aadLen, int pidOff, int tagOff, int ctOff, int plainLen) {
    engine.seal(buf, aadOff, aadLen, pidOff, ctOff, plainLen, tagOff);
  }

  private static void checkKeyId(int keyId) {
    if (keyId < 0 || keyId > AeadLayout.KEY_ID_MAX) {
      throw new IllegalArgumentException("key_id out of range: " + keyId);
    }
  }

  private static void checkRoom(byte[] buf, int off, int overhead, int plainLen) {
    if (plainLen < 1) {
      throw new IllegalArgumentException(
          "cannot seal an empty payload (plainLen " + plainLen + ")");
    }
    Objects.checkFromIndexSize(off, overhead + plainLen + TAG_LENGTH, buf.length);
  }
}
