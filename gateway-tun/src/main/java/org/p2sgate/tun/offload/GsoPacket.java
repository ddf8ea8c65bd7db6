package org.p2sgate.tun.offload;

/**
 * Writes what goes to a TUN device opened with {@code IFF_VNET_HDR}: the 10-byte {@code
 * virtio_net_hdr} ({@code include/uapi/linux/virtio_net.h}, in the host's byte order, little-endian
 * on the machines this runs on), then the packet.
 *
 * <p>A group of TCP segments ({@link TcpCoalescing}) becomes one IPv4 packet: the first segment's
 * headers, every segment's payload in order, the total length and header checksum recomputed, PSH
 * if the last segment had it, and a header that asks the kernel for TCP segmentation ({@code
 * GSO_TCPV4} at the first segment's payload size) with the TCP checksum left partial: the field
 * holds the pseudo header's sum, which the kernel completes per segment ({@code NEEDS_CSUM}).
 */
public final class GsoPacket {
  /** {@code sizeof(struct virtio_net_hdr)}. */
  public static final int VNET_HDR = 10;

  static final int F_NEEDS_CSUM = 1;
  static final int GSO_TCPV4 = 1;

  private GsoPacket() {}

  /** A header for a packet that goes as it is: all zero. */
  public static void plainHeader(byte[] out, int at) {
    java.util.Arrays.fill(out, at, at + VNET_HDR, (byte) 0);
  }

  /**
   * Writes the header and the group that {@code head} starts into {@code out} from index 0.
   *
   * @return the bytes written; {@code out} must hold {@link #VNET_HDR} + {@code
   *     plan.totalLength(head)}
   */
  public static int group(
      byte[][] bufs, int[] sizes, int offset, TcpCoalescing plan, int head, byte[] out) {
    byte[] first = bufs[head];
    int thl = ((first[offset + 32] >> 4) & 0xf) * 4;
    int headers = 20 + thl;
    int ip = VNET_HDR;
    System.arraycopy(first, offset, out, ip, sizes[head]);
    int pos = ip + sizes[head];
    boolean push = false;
    for (int m = plan.next(head); m >= 0; m = plan.next(m)) {
      int payload = sizes[m] - headers;
      System.arraycopy(bufs[m], offset + headers, out, pos, payload);
      pos += payload;
      push = (bufs[m][offset + 33] & TcpCoalescing.PSH) != 0;
    }
    int total = pos - ip;
    put16(out, ip + 2, total);
    put16(out, ip + 10, 0);
    put16(out, ip + 10, Checksums.ipv4Header(out, ip));
    if (push) {
      out[ip + 33] |= TcpCoalescing.PSH;
    }
    put16(out, ip + 36, Checksums.fold(Checksums.pseudoHeader(out, ip, total - 20)));
    out[0] = F_NEEDS_CSUM;
    out[1] = GSO_TCPV4;
    putLe16(out, 2, headers); // hdr_len: IP and TCP headers
    putLe16(out, 4, plan.gsoSize(head)); // gso_size
    putLe16(out, 6, 20); // csum_start: the TCP header
    putLe16(out, 8, 16); // csum_offset: the checksum within it
    return pos;
  }

  private static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  private static void putLe16(byte[] b, int i, int v) {
    b[i] = (byte) v;
    b[i + 1] = (byte) (v >>> 8);
  }
}
