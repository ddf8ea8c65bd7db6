package org.p2sgate.core.routing;

/**
 * Lowers the MSS option of IPv4 TCP SYN packets in place, so that tunnelled TCP segments fit the
 * encapsulated path (OpenVPN's {@code --mssfix}, wire doc 12.1 point 15). Pure; checks every length
 * before reading and leaves anything it does not understand untouched.
 */
public final class MssClamp {
  /** Outer IPv4 (20) + UDP (8) + P_DATA_V2 AEAD (24) + inner IPv4 (20) + TCP (20). */
  static final int UDP_AEAD_OVERHEAD = 20 + 8 + 24 + 20 + 20;

  private MssClamp() {}

  /**
   * The largest MSS for an {@code mssfix} budget counted against the whole encapsulated packet, as
   * the 2.6 client computes it (mssfix 1492 gives 1400 with AES-GCM over IPv4/UDP), or 0 for "no
   * clamping".
   */
  public static int maxMss(int mssfix, int framingBytes) {
    return mssfix <= 0 ? 0 : Math.max(536, mssfix - UDP_AEAD_OVERHEAD - framingBytes);
  }

  /**
   * Clamps the packet at {@code buf[off, off+len)}.
   *
   * @return whether the packet was changed
   */
  public static boolean clamp(byte[] buf, int off, int len, int maxMss) {
    if (maxMss <= 0 || len < 20 || (buf[off] & 0xf0) != 0x40 || buf[off + 9] != 6) {
      return false;
    }
    int ihl = (buf[off] & 0x0f) * 4;
    int fragment = u16(buf, off + 6) & 0x1fff;
    if (ihl < 20 || fragment != 0 || len < ihl + 20) {
      return false;
    }
    int tcp = off + ihl;
    if ((buf[tcp + 13] & 0x02) == 0) {
      return false; // not a SYN
    }
    int dataOffset = ((buf[tcp + 12] & 0xf0) >>> 4) * 4;
    if (dataOffset < 20 || len < ihl + dataOffset) {
      return false;
    }
    int end = tcp + dataOffset;
    int p = tcp + 20;
    while (p < end) {
      int kind = buf[p] & 0xff;
      if (kind == 0) {
        return false; // end of options
      }
      if (kind == 1) {
        p++;
        continue;
      }
      if (p + 1 >= end) {
        return false;
      }
      int optLen = buf[p + 1] & 0xff;
      if (optLen < 2 || p + optLen > end) {
        return false;
      }
      if (kind == 2 && optLen == 4) {
        int mss = u16(buf, p + 2);
        if (mss <= maxMss) {
          return false;
        }
        put16(buf, p + 2, maxMss);
        // incremental checksum update, RFC 1624: HC' = ~(~HC + ~m + m')
        int sum = (~u16(buf, tcp + 16) & 0xffff) + (~mss & 0xffff) + maxMss;
        sum = (sum & 0xffff) + (sum >>> 16);
        sum = (sum & 0xffff) + (sum >>> 16);
        put16(buf, tcp + 16, ~sum & 0xffff);
        return true;
      }
      p += optLen;
    }
    return false;
  }

  private static int u16(byte[] b, int off) {
    return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
  }

  private static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }
}
