package org.p2sgate.core.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Listen addresses: IPv4 and IPv6 literals, and (where OpenVPN allows them) host names. */
final class Inet {
  private Inet() {}

  /** The wildcard address of an address family (4 or 6). */
  static InetAddress anyLocal(int family) {
    try {
      return InetAddress.getByAddress(new byte[family == 6 ? 16 : 4]);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * An IP literal, or with {@code allowHostname} a name resolved now (as OpenVPN resolves {@code
   * local}). Literals never cause a DNS lookup.
   */
  static InetAddress address(String text, boolean allowHostname) throws ValueException {
    if (text.isEmpty()) {
      throw new ValueException("empty address");
    }
    if (text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
      return Ipv4.parse(text);
    }
    if (text.indexOf(':') >= 0) {
      if (!text.chars().allMatch(c -> c == ':' || c == '.' || java.util.HexFormat.isHexDigit(c))) {
        throw new ValueException("'" + text + "' is not an IP address");
      }
      try {
        InetAddress a = InetAddress.getByName(text); // a literal: parsed, never looked up
        if (a instanceof Inet6Address) {
          return a;
        }
      } catch (UnknownHostException e) {
        // fall through
      }
      throw new ValueException("'" + text + "' is not an IP address");
    }
    if (!allowHostname) {
      throw new ValueException("'" + text + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new ValueException("cannot resolve host name '" + text + "'");
    }
  }
}
