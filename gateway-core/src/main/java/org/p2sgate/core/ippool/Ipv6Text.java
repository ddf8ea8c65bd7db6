package org.p2sgate.core.ippool;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * IPv6 addresses as text the way people and the reference write them (RFC 5952: lower case, no
 * leading zeros, the longest run of two or more zero groups as {@code ::}); Java's {@code
 * getHostAddress} writes every group ({@code fd00:8:0:0:0:0:0:1000}). IPv4 addresses as usual.
 */
public final class Ipv6Text {
  private Ipv6Text() {}

  public static String of(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // a single zero group stays "0"
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}
