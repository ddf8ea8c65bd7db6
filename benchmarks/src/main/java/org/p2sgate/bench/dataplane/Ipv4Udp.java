package org.p2sgate.bench.dataplane;

/** Builds the inner packets of the benchmarks: IPv4 + UDP, a byte pattern as payload. */
final class Ipv4Udp {
  /** IPv4 header (20, no options) + UDP header (8). */
  static final int HEADERS = 28;

  private Ipv4Udp() {}

  /**
   * Writes an IPv4/UDP packet of {@code size} bytes in total from {@code src} to {@code dst}
   * (addresses as big-endian ints) at {@code buf[off, off+size)}, with a valid header checksum.
   */
  static void write(byte[] buf, int off, int size, int src, int dst) {
    if (size < HEADERS || size > 0xffff) {
      throw new IllegalArgumentException("size " + size);
    }
    buf[off] = 0x45;
    buf[off + 1] = 0;
    putShort(buf, off + 2, size);
    putShort(buf, off + 4, 0x1234); // identification
    putShort(buf, off + 6, 0x4000); // DF
    buf[off + 8] = 64; // TTL
    buf[off + 9] = 17; // UDP
    putShort(buf, off + 10, 0);
    putInt(buf, off + 12, src);
    putInt(buf, off + 16, dst);
    putShort(buf, off + 10, checksum(buf, off, 20));
    putShort(buf, off + 20, 40000);
    putShort(buf, off + 22, 9); // discard
    putShort(buf, off + 24, size - 20);
    putShort(buf, off + 26, 0); // no UDP checksum
    for (int i = HEADERS; i < size; i++) {
      buf[off + i] = (byte) i;
    }
  }

  static void putInt(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }

  private static void putShort(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  private static int checksum(byte[] b, int off, int len) {
    int sum = 0;
    for (int i = 0; i < len; i += 2) {
      sum += (b[off + i] & 0xff) << 8 | (b[off + i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return ~sum & 0xffff;
  }

  /** "10.8.0.2" as a big-endian int. */
  static int parse(String dotted) {
    String[] p = dotted.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException(dotted);
    }
    int v = 0;
    for (String s : p) {
      v = v << 8 | Integer.parseInt(s);
    }
    return v;
  }
}
