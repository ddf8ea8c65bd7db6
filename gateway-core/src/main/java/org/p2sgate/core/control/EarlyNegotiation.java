package org.p2sgate.core.control;

/**
 * tls-crypt-v2's early negotiation (ssl_pkt.h, doc/tls-crypt-v2.txt "HMAC Cookie support"): a 2.6+
 * client starts its wrap's packet ids at {@code EARLY_NEG_START} (0x0f000000), so its V3 reset says
 * it can resend its WKc; the server's stateless reset reply then carries the TLV {@code
 * EARLY_NEG_FLAGS = RESEND_WKC}, and the client's next packet is a {@code P_CONTROL_WKC_V1} with
 * the WKc appended, from which the server recovers the client's key without having kept any state.
 */
public final class EarlyNegotiation {
  private EarlyNegotiation() {}

  /** {@code EARLY_NEG_MASK}. */
  static final long MASK = 0xff000000L;

  /** {@code EARLY_NEG_START}. */
  static final long START = 0x0f000000L;

  /** {@code TLV_TYPE_EARLY_NEG_FLAGS}. */
  static final int TLV_FLAGS = 0x0001;

  /** {@code EARLY_NEG_FLAG_RESEND_WKC}. */
  static final int FLAG_RESEND_WKC = 0x0001;

  /** Whether a V3 reset with this wrap packet id comes from a client that can resend its WKc. */
  public static boolean supported(long replayPid) {
    return (replayPid & MASK) == START;
  }

  /** The reset reply's payload: one TLV, type flags, length 2, value RESEND_WKC. */
  public static byte[] resendWkc() {
    return new byte[] {
      0, (byte) TLV_FLAGS, 0, 2, (byte) (FLAG_RESEND_WKC >>> 8), (byte) FLAG_RESEND_WKC
    };
  }
}
