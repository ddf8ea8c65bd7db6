package org.p2sgate.bench.loadgen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The source addresses sessions bind to: {@code count} addresses from {@code base}, {@link
 * #PER_NETWORK} in each /24 ({@code base + (i / 4) * 256 + 1 + i % 4}), or the wildcard when {@code
 * count} is 0. Many sources, because a gateway rightly limits how many new sessions it answers per
 * source address and per /24 (p2sgate: 20 and 100 per 10 s; OpenVPN's {@code
 * --connect-freq-initial} is global), and a load test from one address measures that limit. {@code
 * run.sh} adds exactly these addresses to the client namespace.
 */
final class SourceAddresses {
  static final int PER_NETWORK = 4;

  private final int base;
  private final int count;

  SourceAddresses(int base, int count) {
    this.base = base;
    this.count = count;
  }

  /** The local address for session {@code index} (port 0: the kernel picks a free port). */
  InetSocketAddress forSession(int index) throws UnknownHostException {
    if (count == 0) {
      return new InetSocketAddress(0);
    }
    int i = Math.floorMod(index, count);
    int a = base + (i / PER_NETWORK) * 256 + 1 + i % PER_NETWORK;
    byte[] b = {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a};
    return new InetSocketAddress(InetAddress.getByAddress(b), 0);
  }
}
