package org.p2sgate.tun.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Builds and reads the IPv4 packets that tests push through a {@link org.p2sgate.tun.TunDevice}:
 * UDP (RFC 768) and ICMP echo (RFC 792) over IPv4 (RFC 791), with correct Internet checksums (RFC
 * 1071). Readers take the packet's start {@code off} in the array, so they work on buffers with
 * headroom.
 */
public final class Packets {

  public static final int IPV4_HEADER = 20;
  public static final int UDP_HEADER = 8;
  public static final int ICMP_ECHO_HEADER = 8;
  public static final int IPPROTO_ICMP = 1;
  public static final int IPPROTO_UDP = 17;
  public static final int ICMP_ECHO_REPLY = 0;
  public static final int ICMP_ECHO_REQUEST = 8;

  private static final int TTL = 64;
  private static final int FLAG_DONT_FRAGMENT = 0x4000;

  private Packets() {}

  /** An IPv4/UDP packet with valid header and UDP checksums. */
  public static byte[] udp4(
      Inet4Address src, int sport, Inet4Address dst, int dport, byte[] payload) {
    checkPort(sport);
    checkPort(dport);
    int udpLength = UDP_HEADER + payload.length;
    byte[] p = ipv4(src, dst, IPPROTO_UDP, udpLength);
    int u = IPV4_HEADER;
    put16(p, u, sport);
    put16(p, u + 2, dport);
    put16(p, u + 4, udpLength);
    System.arraycopy(payload, 0, p, u + UDP_HEADER, payload.length);
    // pseudo-header: src, dst, zero, protocol, UDP length (RFC 768)
    long sum = sum(p, 12, 8) + IPPROTO_UDP + udpLength + sum(p, u, udpLength);
    int check = fold(sum);
    put16(p, u + 6, check == 0 ? 0xffff : check);
    return p;
  }

  public static final int IPPROTO_TCP = 6;
  public static final int TCP_ACK = 0x10;
  public static final int TCP_PSH = 0x08;
  public static final int TCP_SYN = 0x02;
  public static final int TCP_FIN = 0x01;

  /**
   * An IPv4/TCP segment (RFC 793) with valid header and TCP checksums; {@code options} (a multiple
   * of 4 bytes) follow the 20-byte TCP header; {@code ipId} goes into the IP identification.
   */
  public static byte[] tcp4(
      Inet4Address src,
      int sport,
      Inet4Address dst,
      int dport,
      long seq,
      long ack,
      int flags,
      int window,
      byte[] options,
      byte[] payload,
      int ipId) {
    checkPort(sport);
    checkPort(dport);
    if (options.length % 4 != 0 || options.length > 40) {
      throw new IllegalArgumentException("TCP options of " + options.length + " bytes");
    }
    int tcpLength = 20 + options.length + payload.length;
    byte[] p = ipv4(src, dst, IPPROTO_TCP, tcpLength);
    put16(p, 4, ipId & 0xffff);
    put16(p, 10, 0);
    put16(p, 10, checksum(p, 0, IPV4_HEADER));
    int t = IPV4_HEADER;
    put16(p, t, sport);
    put16(p, t + 2, dport);
    put32(p, t + 4, seq);
    put32(p, t + 8, ack);
    p[t + 12] = (byte) (((20 + options.length) / 4) << 4);
    p[t + 13] = (byte) flags;
    put16(p, t + 14, window);
    System.arraycopy(options, 0, p, t + 20, options.length);
    System.arraycopy(payload, 0, p, t + 20 + options.length, payload.length);
    long sum = sum(p, 12, 8) + IPPROTO_TCP + tcpLength + sum(p, t, tcpLength);
    put16(p, t + 16, fold(sum));
    return p;
  }

  private static void put32(byte[] b, int i, long v) {
    put16(b, i, (int) (v >>> 16) & 0xffff);
    put16(b, i + 2, (int) v & 0xffff);
  }

  /** An IPv4 ICMP echo request with valid header and ICMP checksums. */
  public static byte[] icmpEcho4(
      Inet4Address src, Inet4Address dst, int id, int seq, byte[] payload) {
    byte[] p = ipv4(src, dst, IPPROTO_ICMP, ICMP_ECHO_HEADER + payload.length);
    int i = IPV4_HEADER;
    p[i] = (byte) ICMP_ECHO_REQUEST;
    put16(p, i + 4, id & 0xffff);
    put16(p, i + 6, seq & 0xffff);
    System.arraycopy(payload, 0, p, i + ICMP_ECHO_HEADER, payload.length);
    put16(p, i + 2, checksum(p, i, p.length - i));
    return p;
  }

  private static byte[] ipv4(Inet4Address src, Inet4Address dst, int protocol, int bodyLength) {
    int total = IPV4_HEADER + bodyLength;
    if (total > 0xffff) {
      throw new IllegalArgumentException("IPv4 packet too long: " + total);
    }
    byte[] p = new byte[total];
    p[0] = 0x45; // version 4, IHL 5
    put16(p, 2, total);
    put16(p, 6, FLAG_DONT_FRAGMENT);
    p[8] = (byte) TTL;
    p[9] = (byte) protocol;
    System.arraycopy(src.getAddress(), 0, p, 12, 4);
    System.arraycopy(dst.getAddress(), 0, p, 16, 4);
    put16(p, 10, checksum(p, 0, IPV4_HEADER));
    return p;
  }

  /** The Internet checksum (RFC 1071) of {@code b[off, off + len)}; 0 over data that holds one. */
  public static int checksum(byte[] b, int off, int len) {
    return fold(sum(b, off, len));
  }

  private static long sum(byte[] b, int off, int len) {
    long sum = 0;
    int i = off;
    for (; i + 1 < off + len; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i < off + len) {
      sum += (b[i] & 0xff) << 8;
    }
    return sum;
  }

  private static int fold(long sum) {
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xffff) + (sum >>> 16);
    }
    return (int) (~sum & 0xffff);
  }

  /** The IP version nibble (4 or 6), or -1 for an empty packet. */
  public static int version(byte[] pkt, int off) {
    return off < pkt.length ? (pkt[off] & 0xff) >>> 4 : -1;
  }

  public static Inet4Address srcAddress4(byte[] pkt, int off) {
    return address(header4(pkt, off), off + 12);
  }

  public static Inet4Address dstAddress4(byte[] pkt, int off) {
    return address(header4(pkt, off), off + 16);
  }

  public static int protocol4(byte[] pkt, int off) {
    return header4(pkt, off)[off + 9] & 0xff;
  }

  /** Offset of the IPv4 payload (after options), checked against the total length. */
  public static int payloadOffset4(byte[] pkt, int off) {
    header4(pkt, off);
    return off + (pkt[off] & 0x0f) * 4;
  }

  public static int udpSrcPort4(byte[] pkt, int off) {
    return get16(pkt, udp4Header(pkt, off));
  }

  public static int udpDstPort4(byte[] pkt, int off) {
    return get16(pkt, udp4Header(pkt, off) + 2);
  }

  public static byte[] udpPayload4(byte[] pkt, int off) {
    int u = udp4Header(pkt, off);
    int udpLength = get16(pkt, u + 4);
    if (udpLength < UDP_HEADER || u + udpLength > off + get16(pkt, off + 2)) {
      throw new IllegalArgumentException("bad UDP length " + udpLength);
    }
    return Arrays.copyOfRange(pkt, u + UDP_HEADER, u + udpLength);
  }

  private static int udp4Header(byte[] pkt, int off) {
    if (protocol4(pkt, off) != IPPROTO_UDP) {
      throw new IllegalArgumentException("not UDP: protocol " + protocol4(pkt, off));
    }
    int u = payloadOffset4(pkt, off);
    if (u + UDP_HEADER > off + get16(pkt, off + 2)) {
      throw new IllegalArgumentException("truncated UDP header");
    }
    return u;
  }

  /** Checks that an IPv4 header starts at {@code off} and that the packet is all there. */
  private static byte[] header4(byte[] pkt, int off) {
    if (off < 0 || pkt.length - off < IPV4_HEADER || version(pkt, off) != 4) {
      throw new IllegalArgumentException("no IPv4 header at offset " + off);
    }
    int ihl = (pkt[off] & 0x0f) * 4;
    int total = get16(pkt, off + 2);
    if (ihl < IPV4_HEADER || total < ihl || total > pkt.length - off) {
      throw new IllegalArgumentException("bad IPv4 lengths: ihl " + ihl + ", total " + total);
    }
    return pkt;
  }

  private static Inet4Address address(byte[] pkt, int at) {
    try {
      return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(pkt, at, at + 4));
    } catch (UnknownHostException e) {
      throw new AssertionError(e); // cannot happen for 4 bytes
    }
  }

  private static void checkPort(int port) {
    if (port < 0 || port > 0xffff) {
      throw new IllegalArgumentException("port " + port);
    }
  }

  private static int get16(byte[] b, int at) {
    return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
  }

  private static void put16(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 8);
    b[at + 1] = (byte) v;
  }
}
