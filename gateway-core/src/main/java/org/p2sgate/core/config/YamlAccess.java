package org.p2sgate.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.p2sgate.auth.GroupFacts;
import org.p2sgate.core.config.YamlModel.Scalar;
import org.p2sgate.core.routing.AllowRule;

/**
 * Turns the {@code access:} section of gateway.yaml into an {@link AccessPolicy}:
 *
 * <pre>{@code
 * access:
 *   default: deny                    # a user in no group: deny (the default) or allow
 *   groups:
 *     - name: eng
 *       match: [ radius-class:eng, claim-groups:OBJECT-ID, cert-ou:Engineering ]
 *       push-routes: [ 10.20.0.0/16 ]
 *       allow: [ 10.20.0.0/16, 10.30.1.5/32:tcp/443, 10.30.1.6:udp/53, 10.30.0.0/24:icmp ]
 * }</pre>
 */
final class YamlAccess {
  private YamlAccess() {}

  /**
   * @param pool the client pool, which each group's {@code pool} must lie inside
   */
  static AccessPolicy convert(YamlModel.Access a, YamlConverter c, Ipv4.Network pool)
      throws ConfigException {
    boolean defaultAllow = false;
    if (a.defaultAccess() != null) {
      String d = a.defaultAccess().text();
      if (!d.equals("allow") && !d.equals("deny")) {
        throw c.error(
            a.defaultAccess(), "access.default", "must be allow or deny, got '" + d + "'");
      }
      defaultAllow = d.equals("allow");
    }
    List<AccessGroup> groups = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<YamlModel.AccessGroup> listed = a.groups() == null ? List.of() : a.groups();
    for (int i = 0; i < listed.size(); i++) {
      YamlModel.AccessGroup g = listed.get(i);
      String key = "access.groups[" + i + "]";
      if (g == null || g.name() == null || g.name().text().isBlank()) {
        throw new ConfigException(c.file() + ": " + key + " needs a name");
      }
      String name = g.name().text();
      if (!names.add(name)) {
        throw c.error(g.name(), key + ".name", "'" + name + "' names two groups");
      }
      if (g.match() == null || g.match().isEmpty()) {
        throw c.error(g.name(), key, "group '" + name + "' needs a match list (who is in it)");
      }
      Set<String> match = new LinkedHashSet<>();
      for (Scalar m : g.match()) {
        match.add(fact(m, key + ".match", c));
      }
      List<String> routes = new ArrayList<>();
      for (Scalar r : g.pushRoutes() == null ? List.<Scalar>of() : g.pushRoutes()) {
        routes.add(YamlPush.route(r, key + ".push-routes", c));
      }
      List<AllowRule> allow = new ArrayList<>();
      for (Scalar r : g.allow() == null ? List.<Scalar>of() : g.allow()) {
        try {
          allow.add(rule(r.text()));
        } catch (ValueException e) {
          throw c.error(r, key + ".allow", e.getMessage());
        }
      }
      AccessGroup.Pool part = g.pool() == null ? null : pool(g.pool(), key + ".pool", pool, c);
      groups.add(new AccessGroup(name, match, routes, allow, part));
    }
    return new AccessPolicy(groups, defaultAllow);
  }

  /** A group's pool: a network inside the client pool, with room for at least one client. */
  private static AccessGroup.Pool pool(Scalar s, String key, Ipv4.Network clients, YamlConverter c)
      throws ConfigException {
    Ipv4.Network n;
    try {
      n = Ipv4.cidr(s.text());
    } catch (ValueException e) {
      throw c.error(s, key, e.getMessage());
    }
    int mask = Ipv4.maskOf(clients.prefix());
    if (n.prefix() < clients.prefix()
        || (Ipv4.toInt(n.address()) & mask) != Ipv4.toInt(clients.address())) {
      throw c.error(
          s,
          key,
          s.text()
              + " is not inside the client pool "
              + clients.address().getHostAddress()
              + "/"
              + clients.prefix());
    }
    if (n.prefix() > 30) {
      throw c.error(s, key, "a group's pool must be /30 or larger, got /" + n.prefix());
    }
    return new AccessGroup.Pool(n.address(), n.prefix());
  }

  /** A match entry: {@code SOURCE:VALUE} with a source {@link GroupFacts} knows. */
  private static String fact(Scalar m, String key, YamlConverter c) throws ConfigException {
    String text = m.text();
    int colon = text.indexOf(':');
    String source = colon < 0 ? text : text.substring(0, colon);
    if (colon < 0 || !GroupFacts.SOURCES.contains(source)) {
      throw c.error(
          m,
          key,
          "'"
              + text
              + "' is not SOURCE:VALUE with SOURCE one of "
              + String.join(", ", GroupFacts.SOURCES));
    }
    String value = text.substring(colon + 1);
    String numbers =
        source.equals(GroupFacts.RADIUS_ATTR)
            ? "[0-9]{1,3}:.*"
            : source.equals(GroupFacts.RADIUS_VSA) ? "[0-9]{1,10}:[0-9]{1,3}:.*" : ".*";
    if (!value.matches(numbers)) {
      throw c.error(
          m,
          key,
          "'"
              + text
              + "': write "
              + (source.equals(GroupFacts.RADIUS_ATTR)
                  ? "radius-attr:TYPE:VALUE (e.g. radius-attr:66:west)"
                  : "radius-vsa:VENDOR-ID:TYPE:VALUE (e.g. radius-vsa:12356:1:eng)"));
    }
    String fact = GroupFacts.of(source, value);
    if (fact == null) {
      throw c.error(m, key, "'" + text + "' has an empty, unprintable or too long value");
    }
    return fact;
  }

  /**
   * {@code NET[/PREFIX][:PROTO[/PORT[-PORT]]]} with PROTO tcp, udp or icmp: {@code 10.20.0.0/16},
   * {@code 10.30.1.5/32:tcp/443}, {@code 10.30.1.6:udp/53}, {@code 10.0.0.0/8:tcp/8000-8080}.
   */
  static AllowRule rule(String text) throws ValueException {
    int colon = text.indexOf(':');
    Ipv4.Network n = Ipv4.cidr(colon < 0 ? text : text.substring(0, colon));
    int network = Ipv4.toInt(n.address());
    if (colon < 0) {
      return AllowRule.network(network, n.prefix());
    }
    String rest = text.substring(colon + 1);
    int slash = rest.indexOf('/');
    String proto = slash < 0 ? rest : rest.substring(0, slash);
    int protocol =
        switch (proto) {
          case "tcp" -> AllowRule.TCP;
          case "udp" -> AllowRule.UDP;
          case "icmp" -> AllowRule.ICMP;
          default ->
              throw new ValueException(
                  "'" + text + "': protocol must be tcp, udp or icmp, got '" + proto + "'");
        };
    if (slash < 0) {
      return new AllowRule(network, n.prefix(), protocol, 0, 65535);
    }
    if (protocol == AllowRule.ICMP) {
      throw new ValueException("'" + text + "': icmp has no ports");
    }
    String ports = rest.substring(slash + 1);
    int dash = ports.indexOf('-');
    int low = port(dash < 0 ? ports : ports.substring(0, dash), text);
    int high = dash < 0 ? low : port(ports.substring(dash + 1), text);
    if (low > high) {
      throw new ValueException("'" + text + "': port range runs backwards");
    }
    return new AllowRule(network, n.prefix(), protocol, low, high);
  }

  private static int port(String s, String text) throws ValueException {
    if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new ValueException("'" + text + "': '" + s + "' is not a port");
    }
    int p = Integer.parseInt(s);
    if (p < 1 || p > 65535) {
      throw new ValueException("'" + text + "': port must be 1..65535, got " + p);
    }
    return p;
  }
}
