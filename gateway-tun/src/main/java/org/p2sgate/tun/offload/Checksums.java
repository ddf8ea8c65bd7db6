package org.p2sgate.tun.offload;

/** The Internet checksum (RFC 1071) as the IPv4 and TCP headers use it. */
final class Checksums {
  private Checksums() {}

  /**
   * The 32-bit running sum of {@code b[off, off+len)} as 16-bit big-endian words, from {@code sum}.
   */
  static long add(long sum, byte[] b, int off, int len) {
    int i = off;
    int end = off + len;
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
