package org.p2sgate.tun.offload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.p2sgate.tun.testing.Packets;

/**
 * What the kernel does with a GSO_TCPV4 packet from a TUN device (tcp_gso_segment,
 * inet_gso_segment), written out for tests: cut the payload at gso_size, give each piece the
 * headers with its sequence number, IP length and an IP id counting up from the first, PSH and FIN
 * only on the last piece, and complete the checksums.
 */
final class KernelSegmentation {
  private KernelSegmentation() {}

  static List<byte[]> cut(byte[] gso, int n) {
    int gsoSize = TcpCoalescingTest.le16(gso, 4);
    int headers = TcpCoalescingTest.le16(gso, 2);
    int ip = GsoPacket.VNET_HDR;
    byte[] head = Arrays.copyOfRange(gso, ip, ip + headers);
    long seq = ((long) TcpCoalescing.u16(head, 24) << 16) | TcpCoalescing.u16(head, 26);
    int id = TcpCoalescing.u16(head, 4);
    int flags = head[33] & 0xff;
    List<byte[]> out = new ArrayList<>();
    int at = ip + headers;
    for (int k = 0; at < n; k++) {
      int len = Math.min(gsoSize, n - at);
      boolean last = at + len >= n;
      byte[] p = new byte[headers + len];
      System.arraycopy(head, 0, p, 0, headers);
      System.arraycopy(gso, at, p, headers, len);
      put16(p, 2, p.length);
      put16(p, 4, id + k);
      put16(p, 10, 0);
      put16(p, 10, Packets.checksum(p, 0, 20));
      long s = (seq + (long) k * gsoSize) & 0xffffffffL;
      put16(p, 24, (int) (s >>> 16));
      put16(p, 26, (int) s);
      p[33] = (byte) (last ? flags : flags & ~(Packets.TCP_PSH | Packets.TCP_FIN));
      put16(p, 36, 0);
      long sum = Checksums.pseudoHeader(p, 0, p.length - 20);
      put16(p, 36, ~Checksums.fold(Checksums.add(sum, p, 20, p.length - 20)) & 0xffff);
      out.add(p);
      at += len;
    }
    return out;
  }

  private static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }
}
