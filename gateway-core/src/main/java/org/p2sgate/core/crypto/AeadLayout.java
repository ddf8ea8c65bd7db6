package org.p2sgate.core.crypto;

/**
 * Byte layout of OpenVPN 2.6 AEAD data packets (wire doc sections 1.5 and 7.1).
 *
 * <pre>
 * P_DATA_V2: [op&lt;&lt;3|key_id (1)][peer-id u24][packet-id u32][tag 16][ciphertext]  AAD = bytes 0..7
 * P_DATA_V1: [op&lt;&lt;3|key_id (1)][packet-id u32][tag 16][ciphertext]               AAD = packet-id
 * nonce (12) = packet-id (4, as on the wire) || implicit IV (8)
 * </pre>
 */
public final class AeadLayout {
  /** Opcode of P_DATA_V1 ({@code src/openvpn/ssl_pkt.h}). */
  public static final int P_DATA_V1 = 6;

  /** Opcode of P_DATA_V2 ({@code src/openvpn/ssl_pkt.h}). */
  public static final int P_DATA_V2 = 9;

  /** {@code OPENVPN_AEAD_TAG_LENGTH} ({@code src/openvpn/crypto_backend.h}). */
  public static final int TAG_LENGTH = 16;

  /** The largest payload the OpenSSL AEAD seals or opens: a whole TCP frame or UDP datagram. */
  static final int MAX_PAYLOAD = 65_536;

  /**
   * Free bytes after a packet that sealing (the tag is appended) and opening in one step (the tag
   * is moved behind the ciphertext) need: every buffer a packet is sealed or opened in has them.
   */
  public static final int TAILROOM = TAG_LENGTH;

  /** Short-form packet id: a u32, big-endian. */
  public static final int PACKET_ID_LENGTH = 4;

  /** Implicit IV: the first 8 bytes of the key2 hmac part of the sender's direction (6.3). */
  public static final int IMPLICIT_IV_LENGTH = 8;

  /** AEAD nonce length: packet id || implicit IV. */
  public static final int NONCE_LENGTH = PACKET_ID_LENGTH + IMPLICIT_IV_LENGTH;

  /** Header + tag of P_DATA_V2: opcode/key_id, peer-id, packet-id, tag. */
  public static final int V2_OVERHEAD = 1 + 3 + PACKET_ID_LENGTH + TAG_LENGTH;

  /** Header + tag of P_DATA_V1: opcode/key_id, packet-id, tag. */
  public static final int V1_OVERHEAD = 1 + PACKET_ID_LENGTH + TAG_LENGTH;

  /** Largest key_id (3 bits). */
  public static final int KEY_ID_MAX = 7;

  /** {@code MAX_PEER_ID} ({@code src/openvpn/openvpn.h}); also means "no peer-id". */
  public static final int MAX_PEER_ID = 0xFFFFFF;

  /** Largest short-form packet id; the send counter never wraps ({@code packet_id.h}). */
  public static final long PACKET_ID_MAX = 0xFFFFFFFFL;

  /** {@code PACKET_ID_WRAP_TRIGGER} ({@code src/openvpn/packet_id.h}): renegotiate from here. */
  public static final long PACKET_ID_WRAP_TRIGGER = 0xFF000000L;

  private AeadLayout() {}

  static void putU32(byte[] buf, int off, long value) {
    buf[off] = (byte) (value >>> 24);
    buf[off + 1] = (byte) (value >>> 16);
    buf[off + 2] = (byte) (value >>> 8);
    buf[off + 3] = (byte) value;
  }

  static long getU32(byte[] buf, int off) {
    return ((buf[off] & 0xFFL) << 24)
        | ((buf[off + 1] & 0xFFL) << 16)
        | ((buf[off + 2] & 0xFFL) << 8)
        | (buf[off + 3] & 0xFFL);
  }
}
