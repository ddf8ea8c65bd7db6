package org.p2sgate.core.session;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The network a peer's packets come from, at a chosen prefix length: per-source limits key on an
 * IPv4 address or IPv6 /64 (what one host or household holds), per-network ones on a /24 or /48. A
 * peer whose address is unknown counts as one shared source.
 *
 * @param v6 whether the address is IPv6
 * @param bits the prefix, left-aligned in a long (IPv4 in the low 32 bits)
 * @param length the prefix length
 */
record SourcePrefix(boolean v6, long bits, int length) {
  static final SourcePrefix UNKNOWN = new SourcePrefix(false, -1, -1);

  /** The prefix of {@code peer}'s address: {@code v4Length} bits of IPv4, {@code v6Length} of 6. */
  static SourcePrefix of(Peer peer, int v4Length, int v6Length) {
    InetSocketAddress a = peer.socketAddress();
    if (a == null || a.getAddress() == null) {
      return UNKNOWN;
    }
    InetAddress ip = a.getAddress();
    byte[] raw = ip.getAddress();
    if (ip instanceof Inet4Address) {
      long v = ByteBuffer.wrap(raw).getInt() & 0xffffffffL;
      long mask = v4Length == 0 ? 0 : (0xffffffffL << (32 - v4Length)) & 0xffffffffL;
      return new SourcePrefix(false, v & mask, v4Length);
    }
    long hi = ByteBuffer.wrap(raw, 0, 8).getLong();
    long mask = v6Length >= 64 ? -1L : v6Length == 0 ? 0 : -1L << (64 - v6Length);
    return new SourcePrefix(true, hi & mask, Math.min(v6Length, 64));
  }
}
