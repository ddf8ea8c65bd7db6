package org.p2sgate.bench.loadgen;

import java.nio.ByteBuffer;

/**
 * The load generator's inner packets: IPv4 + UDP (no UDP checksum, as IPv4 allows) carrying a probe
 * payload, and the payload format shared with {@link Reflector}.
 *
 * <pre>
 *   magic "P2LG" (4) | kind (1) | session (4) | seq (8) | count (4) | size (2) | millis (4) | pad
 * </pre>
 *
 * Kinds: {@link #SINK} counted and dropped; {@link #ECHO} counted and sent back; {@link #BURST}
 * asks for {@code count} packets of {@code size} bytes within {@code millis}; {@link #STATS} asks
 * for (and resets) the reflector's counters, answered with {@code seq} = packets received, {@code
 * count} = burst packets it sent (a burst that falls behind its pace gives up a second after its
 * time), bytes received in the 8 bytes after the header.
 */
final class Probe {
  static final int MAGIC = 0x50324c47; // "P2LG"
  static final byte SINK = 0;
  static final byte ECHO = 1;
  static final byte BURST = 2;
  static final byte STATS = 3;

  /** Probe header length. */
  static final int HEADER = 4 + 1 + 4 + 8 + 4 + 2 + 4;

  static final int IP_UDP = 20 + 8;

  /** The smallest IP packet that holds a probe (and the stats answer's 8 extra bytes). */
  static final int MIN_IP_SIZE = IP_UDP + HEADER + 8;

  /** The reflector's UDP port. */
  static final int PORT = 7000;

  private Probe() {}

  /** A probe payload of {@code payloadLen} bytes (at least {@link #HEADER}). */
  static byte[] payload(
      int payloadLen, byte kind, int session, long seq, int count, int size, int millis) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(payloadLen, HEADER + 8));
    b.putInt(MAGIC)
        .put(kind)
        .putInt(session)
        .putLong(seq)
        .putInt(count)
        .putShort((short) size)
        .putInt(millis);
    return b.array();
  }

  /** Parsed probe header, or {@code null} for anything else. */
  record Header(byte kind, int session, long seq, int count, int size, int millis, long extra) {}

  static Header parse(byte[] p, int off, int len) {
    if (len < HEADER) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(p, off, len);
    if (b.getInt() != MAGIC) {
      return null;
    }
    byte kind = b.get();
    int session = b.getInt();
    long seq = b.getLong();
    int count = b.getInt();
    int size = b.getShort() & 0xffff;
    int millis = b.getInt();
    long extra = b.remaining() >= 8 ? b.getLong() : 0;
    return new Header(kind, session, seq, count, size, millis, extra);
  }

  /** An IPv4/UDP packet from {@code src:sport} to {@code dst:dport} around {@code payload}. */
  static byte[] ipv4Udp(int src, int sport, int dst, int dport, byte[] payload) {
    int total = IP_UDP + payload.length;
    ByteBuffer b = ByteBuffer.allocate(total);
    b.put((byte) 0x45).put((byte) 0).putShort((short) total);
    b.putShort((short) 0).putShort((short) 0x4000); // id 0, DF
    b.put((byte) 64).put((byte) 17).putShort((short) 0); // ttl, UDP, checksum below
    b.putInt(src).putInt(dst);
    b.putShort((short) sport).putShort((short) dport).putShort((short) (8 + payload.length));
    b.putShort((short) 0); // no UDP checksum
    b.put(payload);
    byte[] a = b.array();
    int sum = 0;
    for (int i = 0; i < 20; i += 2) {
      sum += ((a[i] & 0xff) << 8) | (a[i + 1] & 0xff);
    }
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    int csum = ~sum & 0xffff;
    a[10] = (byte) (csum >>> 8);
    a[11] = (byte) csum;
    return a;
  }

  /** The probe header inside an IPv4/UDP packet, or {@code null}. */
  static Header parseIp(byte[] ip) {
    if (ip.length < IP_UDP || (ip[0] & 0xf0) != 0x40 || ip[9] != 17) {
      return null;
    }
    int ihl = (ip[0] & 0x0f) * 4;
    if (ip.length < ihl + 8) {
      return null;
    }
    return parse(ip, ihl + 8, ip.length - ihl - 8);
  }

  /** Parses a dotted IPv4 address into an int. */
  static int ipv4(String dotted) {
    String[] p = dotted.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address: " + dotted);
    }
    int v = 0;
    for (String s : p) {
      int o = Integer.parseInt(s);
      if (o < 0 || o > 255) {
        throw new IllegalArgumentException("not an IPv4 address: " + dotted);
      }
      v = (v << 8) | o;
    }
    return v;
  }
}
