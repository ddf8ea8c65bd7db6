package org.p2sgate.tun.offload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The Internet checksum (RFC 1071) as the IPv4 and TCP headers use it. */
final class Checksums {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private Checksums() {}

  /**
   * The running sum of {@code b[off, off+len)} as 16-bit big-endian words, from {@code sum}; {@link
   * #fold} makes it the 16-bit ones' complement sum.
   *
   * <p>Eight bytes at a time, each added as two 32-bit halves: 2^16 is 1 modulo 0xffff, so the
   * folded result is the word-by-word one (RFC 1071, section 2(C)); a 64-bit sum cannot overflow
   * for any packet. Checking every segment's checksum before coalescing took 30% of the event loop
   * in a profile with the byte-pair loop alone.
   */
  static long add(long sum, byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
    for (; i + 7 < end; i += 8) {
      long v = (long) LONGS.get(b, i);
      sum += (v >>> 32) + (v & 0xffffffffL);
    }
    for (; i + 1 < end; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (b[i] & 0xff) << 8;
    }
    return sum;
  }

  /** The sum folded to 16 bits (not complemented). */
  static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) sum;
  }

  /** The TCP pseudo header's sum: addresses of the IPv4 header at {@code ip}, protocol, length. */
  static long pseudoHeader(byte[] b, int ip, int tcpLength) {
    return add(0, b, ip + 12, 8) + 6 + tcpLength;
  }

  /** Whether the TCP segment of the IPv4 packet at {@code ip} carries a correct checksum. */
  static boolean tcpValid(byte[] b, int ip, int ipHeaderLength, int totalLength) {
    int tcpLength = totalLength - ipHeaderLength;
    long sum = add(pseudoHeader(b, ip, tcpLength), b, ip + ipHeaderLength, tcpLength);
    return fold(sum) == 0xffff;
  }

  /** The IPv4 header checksum for the 20 bytes at {@code ip} (its own field counted as zero). */
  static int ipv4Header(byte[] b, int ip) {
    long sum = add(0, b, ip, 10) + add(0, b, ip + 12, 8);
    return ~fold(sum) & 0xffff;
  }
}
