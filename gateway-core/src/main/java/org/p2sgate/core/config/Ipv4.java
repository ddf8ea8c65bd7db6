package org.p2sgate.core.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Strict IPv4 parsing for configuration values; never consults DNS. */
final class Ipv4 {
  private Ipv4() {}

  /** A dotted quad such as {@code 10.8.0.0}; no shortened or octal forms. */
  static Inet4Address parse(String text) throws ValueException {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new ValueException("'" + text + "' is not an IPv4 address");
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new ValueException("'" + text + "' is not an IPv4 address");
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        throw new ValueException("'" + text + "' is not an IPv4 address");
      }
      bytes[i] = (byte) v;
    }
    try {
      return (Inet4Address) InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  static int toInt(Inet4Address address) {
    byte[] b = address.getAddress();
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  static Inet4Address fromInt(int value) {
    try {
      return (Inet4Address)
          InetAddress.getByAddress(
              new byte[] {
                (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
              });
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** The prefix length of a contiguous netmask such as {@code 255.255.255.0}. */
  static int prefixOf(String mask) throws ValueException {
    int m = toInt(parse(mask));
    int prefix = Integer.bitCount(m);
    if (m != maskOf(prefix)) {
      throw new ValueException("netmask '" + mask + "' is not contiguous");
    }
    return prefix;
  }

  static int maskOf(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  static String maskText(int prefix) {
    return fromInt(maskOf(prefix)).getHostAddress();
  }

  /** A network in CIDR form; a bare address means /32. Host bits must be zero. */
  static Network cidr(String text) throws ValueException {
    int slash = text.indexOf('/');
    Inet4Address address = parse(slash < 0 ? text : text.substring(0, slash));
    int prefix = 32;
    if (slash >= 0) {
      String p = text.substring(slash + 1);
      if (p.isEmpty() || p.length() > 2 || !p.chars().allMatch(Character::isDigit)) {
        throw new ValueException("'" + text + "' is not in CIDR form (e.g. 192.168.10.0/24)");
      }
      prefix = Integer.parseInt(p);
      if (prefix > 32) {
        throw new ValueException("prefix length in '" + text + "' must be at most 32");
      }
    }
    return network(address, prefix, text);
  }

  static Network network(Inet4Address address, int prefix, String shownAs) throws ValueException {
    int a = toInt(address);
    if ((a & maskOf(prefix)) != a) {
      throw new ValueException(
          "'"
              + shownAs
              + "' has host bits set: did you mean "
              + fromInt(a & maskOf(prefix)).getHostAddress()
              + "/"
              + prefix
              + "?");
    }
    return new Network(address, prefix);
  }

  /**
   * Slice {@code index} of {@code net} cut into networks of {@code slicePrefix}: 10.8.0.0/16 in /24
   * slices gives 10.8.0.0/24 for 0, 10.8.1.0/24 for 1, ... 10.8.255.0/24 for 255.
   *
   * @throws ValueException when the slices are not smaller than {@code net} or {@code index} is
   *     past the last slice
   */
  static Network slice(Network net, int slicePrefix, int index) throws ValueException {
    if (slicePrefix <= net.prefix() || slicePrefix > 32) {
      throw new ValueException(
          "slices of /"
              + slicePrefix
              + " do not fit "
              + net.address().getHostAddress()
              + "/"
              + net.prefix()
              + ": a slice must be smaller than the network");
    }
    long count = 1L << (slicePrefix - net.prefix());
    if (index < 0 || index >= count) {
      throw new ValueException(
          "slice "
              + index
              + " does not fit "
              + net.address().getHostAddress()
              + "/"
              + net.prefix()
              + ", which holds "
              + count
              + " slices of /"
              + slicePrefix
              + " (0 to "
              + (count - 1)
              + ")");
    }
    int start = toInt(net.address()) + (int) ((long) index << (32 - slicePrefix));
    return new Network(fromInt(start), slicePrefix);
  }

  /** An IPv4 network; {@code address} has no host bits set. */
  record Network(Inet4Address address, int prefix) {
    String mask() {
      return maskText(prefix);
    }
  }
}
