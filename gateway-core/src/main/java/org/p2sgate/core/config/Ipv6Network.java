package org.p2sgate.core.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * The IPv6 tunnel network ({@code server-ipv6 NET/BITS}, gateway.yaml {@code pool6:}): the gateway
 * owns {@code NET+1}, clients get addresses from a pool inside it (see {@code ippool.Ipv6Pool}).
 * The prefix is /64 to /124, as the reference's {@code server-ipv6} allows.
 *
 * @param network the network address, host bits zero
 * @param prefix 64 to 124
 */
public record Ipv6Network(Inet6Address network, int prefix) {
  public static final int MIN_PREFIX = 64;
  public static final int MAX_PREFIX = 124;

  public Ipv6Network {
    Objects.requireNonNull(network, "network");
    if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
      throw new IllegalArgumentException(
          "the IPv6 network must be from /64 to /124 (as OpenVPN's server-ipv6), got /" + prefix);
    }
  }

  /** {@code NET/BITS} with the host bits zero, e.g. {@code fd00:8::/64}. */
  static Ipv6Network parse(String text) throws ValueException {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new ValueException(
          "'" + text + "' is not an IPv6 network in NET/BITS form (e.g. fd00:8::/64)");
    }
    String bits = text.substring(slash + 1);
    if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
      throw new ValueException(
          "'" + text + "' is not an IPv6 network in NET/BITS form (e.g. fd00:8::/64)");
    }
    int prefix = Integer.parseInt(bits);
    InetAddress a = Inet.address(text.substring(0, slash), false);
    if (!(a instanceof Inet6Address v6)) {
      throw new ValueException("'" + text + "' is not an IPv6 network");
    }
    if (prefix < MIN_PREFIX || prefix > MAX_PREFIX) {
      throw new ValueException(
          "the IPv6 network must be from /64 to /124 (as OpenVPN's server-ipv6), got /" + prefix);
    }
    byte[] b = v6.getAddress();
    byte[] masked = b.clone();
    for (int i = 0; i < 16; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      masked[i] = (byte) (masked[i] & (0xff << (8 - keep)));
    }
    if (!java.util.Arrays.equals(b, masked)) {
      throw new ValueException(
          "'"
              + text
              + "' has host bits set: did you mean "
              + org.p2sgate.core.ippool.Ipv6Text.of(of(masked))
              + "/"
              + prefix
              + "?");
    }
    return new Ipv6Network(of(b), prefix);
  }

  /** The gateway's own address in the network: {@code NET+1}, as the reference's server-ipv6. */
  public Inet6Address gateway() {
    byte[] b = network.getAddress();
    b[15] |= 1; // prefix <= 124: the last four bits are zero
    return of(b);
  }

  /** Whether {@code a} lies in this network. */
  public boolean contains(InetAddress a) {
    if (!(a instanceof Inet6Address)) {
      return false;
    }
    byte[] x = a.getAddress();
    byte[] n = network.getAddress();
    for (int i = 0; i < 16; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      int mask = (0xff << (8 - keep)) & 0xff;
      if ((x[i] & mask) != (n[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return org.p2sgate.core.ippool.Ipv6Text.of(network) + "/" + prefix;
  }

  static Inet6Address of(byte[] sixteen) {
    try {
      return (Inet6Address) InetAddress.getByAddress(sixteen);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
