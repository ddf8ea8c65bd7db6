package org.p2sgate.core.config;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.p2sgate.core.config.YamlModel.Scalar;

/** Turns the {@code push:} section of gateway.yaml into OpenVPN push options. */
final class YamlPush {
  private YamlPush() {}

  static void apply(YamlModel.Push p, YamlConverter c, List<String> out) throws ConfigException {
    for (Scalar s : nonNull(p.routes())) {
      out.add(route(s, "push.routes", c));
    }
    for (Scalar s : nonNull(p.dns())) {
      try {
        InetAddress a = Inet.address(s.text(), false);
        out.add((a instanceof Inet6Address ? "dhcp-option DNS6 " : "dhcp-option DNS ") + s.text());
      } catch (ValueException e) {
        throw c.error(s, "push.dns", e.getMessage());
      }
    }
    if (p.domain() != null) {
      String domain = p.domain().text();
      if (!domain.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")) {
        throw c.error(p.domain(), "push.domain", "'" + domain + "' is not a DNS domain name");
      }
      out.add("dhcp-option DOMAIN " + domain);
    }
    for (Scalar s : nonNull(p.extra())) {
      String option = s.text().strip();
      if (option.isEmpty()
          || option.contains(",")
          || option.chars().anyMatch(Character::isISOControl)) {
        throw c.error(
            s, "push.extra", "each entry must be one OpenVPN option on one line, without commas");
      }
      out.add(option);
    }
  }

  /**
   * A network in CIDR form as the push option {@code route NET MASK}, or for an IPv6 network {@code
   * route-ipv6 NET/BITS}.
   */
  static String route(Scalar s, String key, YamlConverter c) throws ConfigException {
    if (s.text().indexOf(':') >= 0) {
      return route6(s, key, c);
    }
    try {
      Ipv4.Network n = Ipv4.cidr(s.text());
      return "route " + n.address().getHostAddress() + " " + n.mask();
    } catch (ValueException e) {
      throw c.error(s, key, e.getMessage());
    }
  }

  private static String route6(Scalar s, String key, YamlConverter c) throws ConfigException {
    String text = s.text();
    int slash = text.indexOf('/');
    try {
      String bits = slash < 0 ? "128" : text.substring(slash + 1);
      if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(Character::isDigit)) {
        throw new ValueException("'" + text + "' is not in CIDR form (e.g. fd00:10::/64)");
      }
      int prefix = Integer.parseInt(bits);
      InetAddress a = Inet.address(slash < 0 ? text : text.substring(0, slash), false);
      if (!(a instanceof Inet6Address) || prefix > 128) {
        throw new ValueException("'" + text + "' is not an IPv6 network");
      }
      return "route-ipv6 " + org.p2sgate.core.ippool.Ipv6Text.of(a) + "/" + prefix;
    } catch (ValueException e) {
      throw c.error(s, key, e.getMessage());
    }
  }

  private static List<Scalar> nonNull(List<Scalar> list) {
    return list == null ? List.of() : list;
  }
}
